package io.ferrymq.jms.jndi;

import io.ferrymq.jms.FerryConnectionConfig;

import javax.naming.NamingException;

/**
 * A connection factory bound in a {@link ReadOnlyContext}, created on its first lookup and the same instance after
 * that, so names never looked up cost nothing and a factory that cannot be created fails only its own lookups.
 * Safe from any thread (creation is synchronized).
 */
final class LazyConnectionFactory {
    private final String className;
    private final FerryConnectionConfig config;
    private Object instance;

    LazyConnectionFactory(String className, FerryConnectionConfig config) {
        this.className = className;
        this.config = config.copy();
    }

    String className() {
        return className;
    }

    synchronized Object get() throws NamingException {
        if (instance == null) {
            instance = ConnectionFactoryClass.load(className).newInstance(config);
        }
        return instance;
    }
}
