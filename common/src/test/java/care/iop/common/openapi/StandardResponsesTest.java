package care.iop.common.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The statuses every operation can answer are added where the operation does not declare them itself. */
class StandardResponsesTest {

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }

    private static Parameter header(String name, Boolean required) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(required).schema(string());
    }

    private static Operation ok() {
        return OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("200", OASFactory.createAPIResponse().description("OK"))
                // what SmallRye's security filter adds on its own: no content
                .addAPIResponse("401", OASFactory.createAPIResponse().description("Not Authorized")));
    }

    @Test
    void every_operation_gets_the_problem_responses_that_apply_to_it() {
        Operation list = ok();
        Operation create = OASFactory.createOperation()
                .requestBody(OASFactory.createRequestBody())
                .addParameter(header("Idempotency-Key", null))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("201", OASFactory.createAPIResponse().description("Created"))
                        .addAPIResponse("409", OASFactory.createAPIResponse().description("its own duplicate text")));
        Operation read = ok().addParameter(OASFactory.createParameter().name("id").in(Parameter.In.PATH).schema(string()));
        Operation sign = ok().addParameter(OASFactory.createParameter().name("id").in(Parameter.In.PATH).schema(string()))
                .addParameter(header("If-Match", true));
        Operation revise = ok().addParameter(header("If-Match", null));
        OpenAPI api = OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem("/things", OASFactory.createPathItem().GET(list).POST(create))
                .addPathItem("/things/{id}", OASFactory.createPathItem().GET(read))
                .addPathItem("/things/{id}/sign", OASFactory.createPathItem().POST(sign))
                .addPathItem("/plans", OASFactory.createPathItem().PUT(revise)));

        new StandardResponses().filterOpenAPI(api);
        new StandardResponses().filterOpenAPI(api); // twice changes nothing more

        assertThat(list.getResponses().getAPIResponses()).containsOnlyKeys("200", "401", "403", "429", "503");
        assertThat(create.getResponses().getAPIResponses())
                .containsOnlyKeys("201", "400", "401", "403", "409", "422", "429", "503");
        assertThat(create.getResponses().getAPIResponse("409").getDescription()).isEqualTo("its own duplicate text");
        assertThat(create.getResponses().getAPIResponse("201").getHeaders()).containsKey("Location");
        assertThat(create.getParameters().get(0).getDescription()).contains("24 hours").contains("422");
        assertThat(read.getResponses().getAPIResponses()).containsOnlyKeys("200", "400", "401", "403", "404", "429", "503");
        assertThat(sign.getResponses().getAPIResponses())
                .containsOnlyKeys("200", "400", "401", "403", "404", "409", "412", "428", "429", "503");
        assertThat(sign.getParameters().get(1).getDescription()).contains("428");
        assertThat(revise.getResponses().getAPIResponses())
                .containsOnlyKeys("200", "400", "401", "403", "409", "412", "429", "503");
        assertThat(revise.getParameters().get(0).getDescription()).doesNotContain("428");

        APIResponses r = sign.getResponses();
        assertThat(r.getAPIResponse("428").getContent().getMediaType("application/problem+json").getSchema().getRef())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(r.getAPIResponse("429").getHeaders()).containsKey("Retry-After");
        assertThat(r.getAPIResponse("401").getDescription()).isEqualTo("No valid bearer token.");
        assertThat(r.getAPIResponse("401").getContent().getMediaType("application/problem+json")).isNotNull();
        assertThat(api.getComponents().getSchemas().get("Problem").getRequired())
                .containsExactly("type", "title", "status");
    }

    @Test
    void the_problem_schema_is_the_same_whichever_build_filter_runs_first() {
        OpenAPI first = OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem("/things", OASFactory.createPathItem().GET(ok())));
        OpenAPI second = OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem("/things", OASFactory.createPathItem().GET(ok())));

        new StandardResponses().filterOpenAPI(first);
        new NullableOptionalProperties().filterOpenAPI(first);
        new NullableOptionalProperties().filterOpenAPI(second);
        new StandardResponses().filterOpenAPI(second);

        Schema problem = first.getComponents().getSchemas().get("Problem");
        assertThat(problem.getProperties().get("detail").getType())
                .containsExactly(Schema.SchemaType.STRING, Schema.SchemaType.NULL);
        assertThat(problem.getProperties().get("title").getType()).containsExactly(Schema.SchemaType.STRING);
        problem.getProperties().forEach((name, property) -> assertThat(property.getType())
                .as(name).isEqualTo(second.getComponents().getSchemas().get("Problem").getProperties().get(name).getType()));
    }

    @Test
    void a_document_without_operations_is_left_alone() {
        OpenAPI api = OASFactory.createOpenAPI();
        new StandardResponses().filterOpenAPI(api);
        assertThat(api.getComponents()).isNull();
    }
}
