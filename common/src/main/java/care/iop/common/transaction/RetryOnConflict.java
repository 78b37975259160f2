package care.iop.common.transaction;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method's transaction again when it fails only because another transaction got in the way
 * (see {@link ConflictRetry}). Put it on every resource class or job method that owns its transaction
 * ({@code @Transactional}); it acts only where no transaction was active on entry, so a method joining its
 * caller's transaction leaves the retry to the outermost one. The whole method runs again: it must have no effect
 * outside its transaction (no HTTP call to another service, no direct Kafka send).
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RetryOnConflict {
}
