package care.iop.common.disclosure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static care.iop.common.disclosure.ConsentAuthorizationsContract.COMMITTED;
import static care.iop.common.disclosure.ConsentAuthorizationsContract.CONSUMER;
import static care.iop.common.disclosure.ConsentAuthorizationsContract.PROVIDER;

/**
 * Fails the consumer build when the pact the consumer test just wrote differs from the committed one that the
 * providers verify: a change of the consumer's expectations must be committed (run the test with
 * {@code -Diop.contracts.update=true} to copy it) and then passes intake's verification or breaks it. Registered
 * before Pact's extension, so it runs after Pact has written the file.
 */
public class CommittedPact implements AfterAllCallback {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        Path written = Path.of("target", "pacts", CONSUMER + "-" + PROVIDER + ".json");
        if (!Files.exists(written)) {
            throw new AssertionError("Pact did not write " + written);
        }
        if (Boolean.getBoolean("iop.contracts.update")) {
            Files.copy(written, COMMITTED, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        if (!Files.exists(COMMITTED) || !comparable(written).equals(comparable(COMMITTED))) {
            throw new AssertionError("The consumer's expectations of intake's consent-authorizations changed: "
                    + written.toAbsolutePath().normalize() + " differs from the committed "
                    + COMMITTED.toAbsolutePath().normalize() + ". Review it, commit it (-Diop.contracts.update=true "
                    + "copies it) and run intake's ConsentAuthorizationsPactTest.");
        }
    }

    /** The interactions in description order; the metadata (Pact's version) is left out. */
    private static JsonNode comparable(Path pact) throws IOException {
        ObjectNode tree = (ObjectNode) JSON.readTree(pact.toFile());
        tree.remove("metadata");
        List<JsonNode> interactions = new ArrayList<>();
        tree.withArray("interactions").forEach(interactions::add);
        interactions.sort(Comparator.comparing(i -> i.path("description").asText()));
        ArrayNode sorted = tree.putArray("interactions");
        interactions.forEach(sorted::add);
        return tree;
    }
}
