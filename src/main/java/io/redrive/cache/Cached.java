package io.redrive.cache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method whose result {@link Cache#proxy} caches. The key is made of the arguments
 * ({@code key} may name them as {@code {0}}, {@code {1}}...; by default all of them joined with ':'), and
 * {@code tags} are made the same way, e.g. {@code "document:{0}"}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cached {
    String namespace();

    String key() default "";

    String[] tags() default {};
}
