package io.ferrymq.jms.jndi;

import io.ferrymq.jms.FerryConnectionConfig;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;

/**
 * Test double with the constructor shape of {@code io.ferrymq.jms.FerryConnectionFactory}, so the JNDI code can be
 * tested without it; it only remembers its config.
 */
public class FakeConnectionFactory implements ConnectionFactory {
    private final FerryConnectionConfig config;

    public FakeConnectionFactory(FerryConnectionConfig config) {
        this.config = config;
    }

    public FerryConnectionConfig getConfig() {
        return config;
    }

    @Override
    public Connection createConnection() {
        throw new UnsupportedOperationException("test double");
    }

    @Override
    public Connection createConnection(String userName, String password) {
        throw new UnsupportedOperationException("test double");
    }

    @Override
    public JMSContext createContext() {
        throw new UnsupportedOperationException("test double");
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        throw new UnsupportedOperationException("test double");
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        throw new UnsupportedOperationException("test double");
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        throw new UnsupportedOperationException("test double");
    }

    /** No (FerryConnectionConfig) constructor. */
    public static class WithoutConfigConstructor extends FakeConnectionFactory {
        public WithoutConfigConstructor() {
            super(new FerryConnectionConfig());
        }
    }

    /** A constructor that fails. */
    public static class Failing extends FakeConnectionFactory {
        public Failing(FerryConnectionConfig config) {
            super(config);
            throw new IllegalStateException("cannot start");
        }
    }

    /** Right constructor, but not a ConnectionFactory: must never be instantiated. */
    public static class NotAFactory {
        static volatile boolean created;

        public NotAFactory(FerryConnectionConfig config) {
            created = true;
        }
    }
}
