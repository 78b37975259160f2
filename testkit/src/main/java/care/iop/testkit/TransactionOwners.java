package care.iop.testkit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks that every method of a module that owns its transaction ({@code @Transactional} REQUIRED or REQUIRES_NEW,
 * on the method or its class) also carries {@code @RetryOnConflict} (on the method or its class), so a race the
 * client never asked about is resolved by the server instead of reaching it as an error. Annotations are matched
 * by name: the testkit does not depend on {@code common}.
 */
public final class TransactionOwners {

    private static final String TRANSACTIONAL = "jakarta.transaction.Transactional";
    private static final String RETRY = "care.iop.common.transaction.RetryOnConflict";

    private TransactionOwners() {
    }

    /** Scans the compiled main classes of the module that {@code anyMainClass} belongs to. */
    public static void assertEveryOwnerRetriesConflicts(Class<?> anyMainClass) {
        List<String> owners = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Class<?> type : classesBeside(anyMainClass)) {
            Method[] methods;
            try {
                methods = type.getDeclaredMethods();
            } catch (LinkageError e) {
                continue;
            }
            for (Method m : methods) {
                if (m.isSynthetic() || Modifier.isStatic(m.getModifiers()) || Modifier.isPrivate(m.getModifiers())) {
                    continue;
                }
                Optional<Annotation> tx = find(m.getAnnotations(), TRANSACTIONAL)
                        .or(() -> find(type.getAnnotations(), TRANSACTIONAL));
                if (tx.isEmpty() || !ownsTransaction(tx.get())) {
                    continue;
                }
                String name = type.getSimpleName() + "." + m.getName();
                owners.add(name);
                if (find(m.getAnnotations(), RETRY).isEmpty() && find(type.getAnnotations(), RETRY).isEmpty()) {
                    missing.add(name);
                }
            }
        }
        if (owners.isEmpty()) {
            throw new AssertionError("no transaction-owning methods found beside " + anyMainClass.getName());
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("methods that own a transaction but do not retry lost races "
                    + "(@RetryOnConflict): " + missing.stream().sorted().toList());
        }
    }

    private static boolean ownsTransaction(Annotation transactional) {
        try {
            String type = String.valueOf(transactional.annotationType().getMethod("value").invoke(transactional));
            return type.equals("REQUIRED") || type.equals("REQUIRES_NEW");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Annotation> find(Annotation[] annotations, String typeName) {
        return Stream.of(annotations).filter(a -> a.annotationType().getName().equals(typeName)).findFirst();
    }

    private static List<Class<?>> classesBeside(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class")).map(f -> root.relativize(f).toString())
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .<Class<?>>map(name -> {
                        try {
                            return Class.forName(name, false, anchor.getClassLoader());
                        } catch (ClassNotFoundException | LinkageError e) {
                            return null;
                        }
                    }).filter(java.util.Objects::nonNull).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
