package io.ferrymq.jms.jndi;

/**
 * {@link FerryInitialContextFactory} binding {@link FakeConnectionFactory}, to be named in
 * {@code Context.INITIAL_CONTEXT_FACTORY}.
 */
public class TestInitialContextFactory extends FerryInitialContextFactory {
    public TestInitialContextFactory() {
        super(FakeConnectionFactory.class.getName());
    }
}
