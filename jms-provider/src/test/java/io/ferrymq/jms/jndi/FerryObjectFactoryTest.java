package io.ferrymq.jms.jndi;

import io.ferrymq.jms.FerryConnectionConfig;
import io.ferrymq.jms.FerryDestination;
import io.ferrymq.jms.FerryQueue;
import io.ferrymq.jms.FerryTopic;
import org.junit.jupiter.api.Test;

import javax.naming.BinaryRefAddr;
import javax.naming.ConfigurationException;
import javax.naming.NamingException;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;
import javax.naming.spi.NamingManager;
import java.util.Hashtable;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** References written by FerryConnectionConfig and the destinations, read back by FerryObjectFactory. */
class FerryObjectFactoryTest {
    private final FerryObjectFactory factory = new FerryObjectFactory();

    private static FerryConnectionConfig sampleConfig() {
        FerryConnectionConfig config = FerryConnectionConfig.fromUrl(
                "ferrymq://ns1:9876;ns2:9876?clientID=app%201&password=p%26w&prefetchSize=7&trustedPackages=com.acme");
        config.setDisableMessageID(true);
        config.setReconnectAttempts(0);
        return config;
    }

    private Object rebuild(Reference reference) throws Exception {
        return factory.getObjectInstance(reference, null, null, new Hashtable<>());
    }

    @Test
    void connectionFactoryRoundTrip() throws Exception {
        FerryConnectionConfig config = sampleConfig();
        Reference reference = config.toReference(FakeConnectionFactory.class.getName());
        Object rebuilt = rebuild(reference);
        assertThat(rebuilt).isInstanceOf(FakeConnectionFactory.class);
        assertThat(((FakeConnectionFactory) rebuilt).getConfig()).isEqualTo(config).isNotSameAs(config);

        Object defaults = rebuild(new FerryConnectionConfig().toReference(FakeConnectionFactory.class.getName()));
        assertThat(((FakeConnectionFactory) defaults).getConfig()).isEqualTo(new FerryConnectionConfig());
    }

    @Test
    void namingManagerFindsTheFactoryThroughTheReference() throws Exception {
        // What a container does with a Reference it stored: the factory class comes from the reference.
        FerryConnectionConfig config = sampleConfig();
        Object viaJndi = NamingManager.getObjectInstance(config.toReference(FakeConnectionFactory.class.getName()),
                null, null, new Hashtable<>());
        assertThat(((FakeConnectionFactory) viaJndi).getConfig()).isEqualTo(config);

        for (Referenceable destination : List.<Referenceable>of(new FerryQueue("orders.eu"), new FerryTopic("jms/prices"))) {
            Object back = NamingManager.getObjectInstance(destination.getReference(), null, null, new Hashtable<>());
            assertThat(back).isEqualTo(destination).hasSameClassAs(destination);
        }
    }

    @Test
    void destinationsRoundTrip() throws Exception {
        Reference queueRef = new FerryQueue("a queue/é").getReference();
        assertThat(queueRef.getClassName()).isEqualTo(FerryQueue.class.getName());
        assertThat(queueRef.getFactoryClassName()).isEqualTo(FerryObjectFactory.class.getName());
        assertThat(queueRef.get(FerryObjectFactory.DESTINATION_NAME).getContent()).isEqualTo("a queue/é");
        assertThat(rebuild(queueRef)).isEqualTo(new FerryQueue("a queue/é")).isInstanceOf(FerryQueue.class);
        assertThat(rebuild(new FerryTopic("t").getReference())).isEqualTo(new FerryTopic("t")).isInstanceOf(FerryTopic.class);
    }

    @Test
    void temporaryDestinationsHaveNoReference() throws Exception {
        FerryDestination temporary = FerryDestination.parse("temp-queue://TMP_1");
        assertThatThrownBy(() -> FerryObjectFactory.referenceTo(temporary))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FMQ-JMS-906");
    }

    @Test
    void urlAddressThenOptionAddressesAndContainerAddressesSkipped() throws Exception {
        Reference reference = new Reference(FakeConnectionFactory.class.getName(), FerryObjectFactory.class.getName(), null);
        reference.add(new StringRefAddr("description", "Tomcat adds these"));
        reference.add(new StringRefAddr("auth", "Container"));
        reference.add(new StringRefAddr("scope", "Shareable"));
        reference.add(new StringRefAddr("singleton", "true"));
        reference.add(new StringRefAddr("prefetchSize", "9"));
        reference.add(new StringRefAddr(FerryObjectFactory.URL, "ferrymq://h:1?prefetchSize=7&clientID=c"));
        FerryConnectionConfig config = ((FakeConnectionFactory) rebuild(reference)).getConfig();
        assertThat(config.getNamesrvAddr()).isEqualTo("h:1");
        assertThat(config.getClientID()).isEqualTo("c");
        assertThat(config.getPrefetchSize()).as("option addresses override the URL").isEqualTo(9);
    }

    @Test
    void badAddressesAreReportedWithTheOptionError() {
        Reference unknown = new FerryConnectionConfig().toReference(FakeConnectionFactory.class.getName());
        unknown.add(new StringRefAddr("prefetch", "1"));
        assertThatThrownBy(() -> rebuild(unknown)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("FMQ-JMS-906 bad JNDI reference to " + FakeConnectionFactory.class.getName())
                .hasMessageContaining("FMQ-JMS-901 unknown connection factory option 'prefetch'");

        Reference badValue = new FerryConnectionConfig().toReference(FakeConnectionFactory.class.getName());
        badValue.add(new StringRefAddr("prefetchSize", "0"));
        assertThatThrownBy(() -> rebuild(badValue)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("FMQ-JMS-902 prefetchSize='0'");

        Reference badUrl = new FerryConnectionConfig().toReference(FakeConnectionFactory.class.getName());
        badUrl.add(new StringRefAddr(FerryObjectFactory.URL, "tcp://h:1"));
        assertThatThrownBy(() -> rebuild(badUrl)).hasMessageContaining("FMQ-JMS-903");

        Reference binary = new FerryConnectionConfig().toReference(FakeConnectionFactory.class.getName());
        binary.add(new BinaryRefAddr("clientID", new byte[] {1}));
        assertThatThrownBy(() -> rebuild(binary)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("address 'clientID' holds a [B, expected a String");
    }

    @Test
    void badDestinationReferences() {
        Reference noName = new Reference(FerryQueue.class.getName(), FerryObjectFactory.class.getName(), null);
        assertThatThrownBy(() -> rebuild(noName)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("FMQ-JMS-906").hasMessageContaining("no 'name' address");
        Reference badName = new Reference(FerryTopic.class.getName(), new StringRefAddr("name", ""),
                FerryObjectFactory.class.getName(), null);
        assertThatThrownBy(() -> rebuild(badName)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("FMQ-JMS-101");
    }

    @Test
    void referencesItDoesNotUnderstandGiveNull() throws Exception {
        assertThat(factory.getObjectInstance("not a reference", null, null, null)).isNull();
        assertThat(factory.getObjectInstance(null, null, null, null)).isNull();
        // A connection factory reference is only trusted when it names this object factory.
        Reference foreign = new FerryConnectionConfig().toReference(FakeConnectionFactory.class.getName());
        Reference other = new Reference(foreign.getClassName(), "com.example.OtherFactory", null);
        assertThat(rebuild(other)).isNull();
    }

    @Test
    void onlyConnectionFactoryClassesWithTheConfigConstructorAreCreated() {
        FakeConnectionFactory.NotAFactory.created = false;
        assertThatThrownBy(() -> rebuild(new FerryConnectionConfig().toReference(FakeConnectionFactory.NotAFactory.class.getName())))
                .isInstanceOf(NamingException.class)
                .hasMessageContaining("FMQ-JMS-907 cannot create connection factory")
                .hasMessageContaining("not a concrete jakarta.jms.ConnectionFactory");
        assertThat(FakeConnectionFactory.NotAFactory.created).isFalse();
        assertThatThrownBy(() -> rebuild(new FerryConnectionConfig().toReference("java.lang.ProcessBuilder")))
                .hasMessageContaining("not a concrete jakarta.jms.ConnectionFactory");
        assertThatThrownBy(() -> rebuild(new FerryConnectionConfig().toReference("com.example.Missing")))
                .hasMessageContaining("FMQ-JMS-907 cannot create connection factory com.example.Missing")
                .hasMessageContaining("not on the class path");
        assertThatThrownBy(() -> rebuild(new FerryConnectionConfig().toReference(
                FakeConnectionFactory.WithoutConfigConstructor.class.getName())))
                .hasMessageContaining("no public constructor taking a FerryConnectionConfig");
        assertThatThrownBy(() -> rebuild(new FerryConnectionConfig().toReference(FakeConnectionFactory.Failing.class.getName())))
                .hasMessageContaining("its constructor threw java.lang.IllegalStateException: cannot start")
                .satisfies(e -> assertThat(((NamingException) e).getRootCause()).isInstanceOf(IllegalStateException.class));
    }
}
