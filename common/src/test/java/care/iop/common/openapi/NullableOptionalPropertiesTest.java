package care.iop.common.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Optional properties are documented as nullable, because the services write them as JSON null. */
class NullableOptionalPropertiesTest {

    @Test
    void optional_properties_allow_null_required_ones_do_not() {
        Schema view = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).addRequired("id")
                .addProperty("id", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("nextCursor", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().ref("#/components/schemas/Status"))
                .addProperty("items", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                                .addProperty("note", OASFactory.createSchema().addType(Schema.SchemaType.STRING))));
        OpenAPI api = OASFactory.createOpenAPI().components(OASFactory.createComponents().addSchema("View", view));

        new NullableOptionalProperties().filterOpenAPI(api);
        new NullableOptionalProperties().filterOpenAPI(api); // twice changes nothing more

        Schema filtered = api.getComponents().getSchemas().get("View");
        assertThat(filtered.getProperties().get("id").getType()).containsExactly(Schema.SchemaType.STRING);
        assertThat(filtered.getProperties().get("nextCursor").getType())
                .containsExactly(Schema.SchemaType.STRING, Schema.SchemaType.NULL);
        Schema status = filtered.getProperties().get("status");
        assertThat(status.getAnyOf()).hasSize(2);
        assertThat(status.getAnyOf().get(0).getRef()).isEqualTo("#/components/schemas/Status");
        assertThat(status.getAnyOf().get(1).getType()).isEqualTo(List.of(Schema.SchemaType.NULL));
        assertThat(filtered.getProperties().get("items").getType())
                .containsExactly(Schema.SchemaType.ARRAY, Schema.SchemaType.NULL);
        assertThat(filtered.getProperties().get("items").getItems().getProperties().get("note").getType())
                .containsExactly(Schema.SchemaType.STRING, Schema.SchemaType.NULL);
    }
}
