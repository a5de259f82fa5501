package io.redrive.cache;

import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The dynamic proxy behind {@link Cache#proxy}: {@link Cached} methods read through the cache, {@link InvalidatesCache} ones invalidate. */
final class CacheProxy {
    private CacheProxy() {
    }

    static <I> I create(Cache cache, Class<I> type, I delegate) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface; only interfaces can be proxied");
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (self, method, args) -> {
            Object[] a = args == null ? new Object[0] : args;
            Cached cached = method.getAnnotation(Cached.class);
            if (cached != null) {
                return cache.getOrLoad(cached.namespace(), key(cached.key(), a), codec(cache, method),
                        () -> invoke(method, delegate, a), Arrays.stream(cached.tags()).map(t -> fill(t, a)).toArray(String[]::new));
            }
            Object result = invoke(method, delegate, a);
            InvalidatesCache invalidates = method.getAnnotation(InvalidatesCache.class);
            if (invalidates != null) {
                if (!invalidates.namespace().isEmpty()) {
                    cache.invalidate(invalidates.namespace(), key(invalidates.key(), a));
                }
                for (String tag : invalidates.tags()) {
                    cache.invalidateTag(fill(tag, a));
                }
            }
            return result;
        });
        return type.cast(proxy);
    }

    /** JSON of the method's full return type, so that a {@code List<Document>} comes back as documents, not maps. */
    @SuppressWarnings("unchecked")
    private static CacheCodec<Object> codec(Cache cache, Method method) {
        Class<?> type = method.getReturnType();
        if (type.isPrimitive()) {
            type = MethodType.methodType(type).wrap().returnType();
        }
        if (method.getGenericReturnType() instanceof Class<?>) {
            return cache.json((Class<Object>) type);  // the shared codec, which near-cache hits recognise
        }
        return CacheCodec.json(method.getGenericReturnType());
    }

    private static Object invoke(Method method, Object delegate, Object[] args) {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new UndeclaredThrowableException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(String template, Object[] args) {
        if (template.isEmpty()) {
            return args.length == 0 ? "_" : Arrays.stream(args).map(String::valueOf).collect(Collectors.joining(":"));
        }
        return fill(template, args);
    }

    private static String fill(String template, Object[] args) {
        String out = template;
        for (int i = 0; i < args.length; i++) {
            out = out.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return out;
    }
}
