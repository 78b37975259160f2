package care.iop.devstack;

import java.io.PrintStream;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The extension point of {@code ./iop up --demo}: fills a freshly started stack with demo data through the public
 * APIs (the gateway, with tokens of the realm's demo accounts — see {@link Accounts#accessToken(String)}).
 *
 * <p>To provide one: implement this interface (public, with a public no-argument constructor) in this module or any
 * jar on the launcher's class path, and either list the class in
 * {@code META-INF/services/care.iop.devstack.DemoSeeder} or name it with {@code -Diop.demo.seeder=<class>}. The launcher
 * calls {@link #seed} once, after everything is ready; progress lines go to {@code out}. A seeder should be idempotent
 * (the command line keeps its data between runs: {@code Idempotency-Key}s or a "seeded already?" check).
 */
public interface DemoSeeder {

    /** Seeds the stack; an exception is reported and the stack keeps running. */
    void seed(DevStack stack, PrintStream out) throws Exception;

    /** The seeder to use: {@code -Diop.demo.seeder}, else the first one {@link ServiceLoader} finds, else none. */
    static Optional<DemoSeeder> find() {
        String name = System.getProperty("iop.demo.seeder");
        if (name != null && !name.isBlank()) {
            try {
                return Optional.of((DemoSeeder) Class.forName(name.trim()).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("cannot use -Diop.demo.seeder=" + name + ": " + e, e);
            }
        }
        return ServiceLoader.load(DemoSeeder.class).findFirst();
    }
}
