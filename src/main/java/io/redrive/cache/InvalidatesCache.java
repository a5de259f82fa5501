package io.redrive.cache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method that changes data: after it returns, {@link Cache#proxy} invalidates the entry its
 * key names in the namespace (when both are given) and every entry carrying one of its tags. Keys and tags use
 * the argument placeholders of {@link Cached}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface InvalidatesCache {
    String namespace() default "";

    String key() default "";

    String[] tags() default {};
}
