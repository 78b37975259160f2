package care.iop.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A confidential client of the realm file with a service account (an EHR integration): it gets tokens by the client
 * credentials grant with its published demo secret.
 *
 * @param clinicId the {@code clinic_id} its hard-coded claim mapper puts in its tokens, or null
 */
public record DemoClient(String clientId, String name, String secret, String clinicId) {

    static List<DemoClient> fromRealm(byte[] realmJson) {
        try {
            List<DemoClient> clients = new ArrayList<>();
            for (JsonNode c : new ObjectMapper().readTree(realmJson).path("clients")) {
                if (!c.path("serviceAccountsEnabled").asBoolean(false) || c.path("publicClient").asBoolean(false)
                        || !c.hasNonNull("secret")) {
                    continue;
                }
                String clinic = null;
                for (JsonNode mapper : c.path("protocolMappers")) {
                    if ("clinic_id".equals(mapper.path("config").path("claim.name").asText())) {
                        clinic = mapper.path("config").path("claim.value").asText(null);
                    }
                }
                clients.add(new DemoClient(c.path("clientId").asText(), c.path("name").asText(""),
                        c.path("secret").asText(), clinic));
            }
            return List.copyOf(clients);
        } catch (IOException e) {
            throw new UncheckedIOException("the realm file is not valid JSON", e);
        }
    }
}
