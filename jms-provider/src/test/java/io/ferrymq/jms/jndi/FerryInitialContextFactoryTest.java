package io.ferrymq.jms.jndi;

import io.ferrymq.jms.FerryConnectionConfig;
import io.ferrymq.jms.FerryConnectionFactory;
import io.ferrymq.jms.FerryQueue;
import io.ferrymq.jms.FerryTopic;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.InvalidNameException;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NotContextException;
import javax.naming.OperationNotSupportedException;
import javax.naming.spi.NamingManager;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JNDI context: built through {@code new InitialContext(env)} with {@link TestInitialContextFactory}, which binds
 * {@link FakeConnectionFactory} where the real one binds {@code io.ferrymq.jms.FerryConnectionFactory}.
 */
class FerryInitialContextFactoryTest {

    private static Hashtable<String, Object> env(String... keysAndValues) {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, TestInitialContextFactory.class.getName());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    private static FerryConnectionConfig configOf(Object factory) {
        assertThat(factory).isInstanceOf(FakeConnectionFactory.class).isInstanceOf(ConnectionFactory.class);
        return ((FakeConnectionFactory) factory).getConfig();
    }

    private static InitialContext sample() throws NamingException {
        return new InitialContext(env(
                "connectionFactory.myFactory", "ferrymq://ns1:9876?clientID=app1",
                "connectionFactory.jms/other", "ferrymq://ns2:9876;ns3:9876",
                "queue.queues/OrderQueue", "orders.eu",
                "queue.jms/queue/A", "A",
                "topic.prices", "prices"));
    }

    @Test
    void factoriesUnderTheNamesTheUserChose() throws Exception {
        InitialContext ctx = sample();
        Object myFactory = ctx.lookup("myFactory");
        assertThat(configOf(myFactory).getClientID()).isEqualTo("app1");
        assertThat(configOf(myFactory).getNamesrvAddr()).isEqualTo("ns1:9876");
        assertThat(ctx.lookup("myFactory")).as("created once").isSameAs(myFactory);
        assertThat(configOf(ctx.lookup("jms/other")).getNamesrvAddr()).isEqualTo("ns2:9876;ns3:9876");
        assertThat(ctx.lookup(new CompositeName("jms/other"))).isSameAs(ctx.lookup("jms/other"));
        Context jms = (Context) ctx.lookup("jms");
        assertThat(jms.getNameInNamespace()).isEqualTo("jms");
        assertThat(jms.lookup("other")).isSameAs(ctx.lookup("jms/other"));
        assertThat(jms.lookup("queue/A")).isEqualTo(new FerryQueue("A"));
        assertThatThrownBy(() -> ctx.lookup("ConnectionFactory")).as("named factories replace the default")
                .isInstanceOf(NameNotFoundException.class);
        ctx.close();
    }

    @Test
    void queuesAndTopics() throws Exception {
        InitialContext ctx = sample();
        Object orders = ctx.lookup("queues/OrderQueue");
        assertThat(orders).isInstanceOf(Queue.class).isEqualTo(new FerryQueue("orders.eu"));
        assertThat(((Queue) orders).getQueueName()).isEqualTo("orders.eu");
        Object prices = ctx.lookup("prices");
        assertThat(prices).isInstanceOf(Topic.class).isEqualTo(new FerryTopic("prices"));
    }

    @Test
    void providerUrlDefinesConnectionFactoryAsInArtemis() throws Exception {
        InitialContext ctx = new InitialContext(env(Context.PROVIDER_URL, "ferrymq://ns9:9876?prefetchSize=5",
                "connectionFactory.other", "ferrymq://ns8:9876"));
        assertThat(configOf(ctx.lookup("ConnectionFactory")).getPrefetchSize()).isEqualTo(5);
        assertThat(configOf(ctx.lookup("ConnectionFactory")).getNamesrvAddr()).isEqualTo("ns9:9876");
        assertThat(configOf(ctx.lookup("other")).getNamesrvAddr()).isEqualTo("ns8:9876");

        InitialContext overridden = new InitialContext(env(Context.PROVIDER_URL, "ferrymq://ns9:9876",
                "connectionFactory.ConnectionFactory", "ferrymq://ns7:9876"));
        assertThat(configOf(overridden.lookup("ConnectionFactory")).getNamesrvAddr()).isEqualTo("ns7:9876");
    }

    @Test
    void withNoFactoryConfiguredConnectionFactoryHasTheDefaults() throws Exception {
        InitialContext ctx = new InitialContext(env("queue.q", "q"));
        assertThat(configOf(ctx.lookup("ConnectionFactory"))).isEqualTo(new FerryConnectionConfig());
        // An empty provider URL counts as none (some tools always set one).
        InitialContext empty = new InitialContext(env(Context.PROVIDER_URL, ""));
        assertThat(configOf(empty.lookup("ConnectionFactory"))).isEqualTo(new FerryConnectionConfig());
        InitialContext emptyWithNamed = new InitialContext(env(Context.PROVIDER_URL, "", "connectionFactory.cf", "ferrymq://"));
        assertThatThrownBy(() -> emptyWithNamed.lookup("ConnectionFactory")).isInstanceOf(NameNotFoundException.class);
        // An explicit binding of the name wins over the default.
        InitialContext taken = new InitialContext(env("queue.ConnectionFactory", "q"));
        assertThat(taken.lookup("ConnectionFactory")).isEqualTo(new FerryQueue("q"));
    }

    @Test
    void dynamicDestinations() throws Exception {
        InitialContext ctx = new InitialContext(env());
        assertThat(ctx.lookup("dynamicQueues/orders")).isInstanceOf(FerryQueue.class).isEqualTo(new FerryQueue("orders"));
        assertThat(ctx.lookup("dynamicTopics/a/b.c")).isInstanceOf(FerryTopic.class).isEqualTo(new FerryTopic("a/b.c"));
        assertThat(ctx.lookup(new CompositeName("dynamicQueues/x/y"))).isEqualTo(new FerryQueue("x/y"));
        Context dynamicQueues = (Context) ctx.lookup("dynamicQueues");
        assertThat(dynamicQueues.lookup("%DLQ%JMS_billing")).isEqualTo(new FerryQueue("%DLQ%JMS_billing"));
        assertThat(dynamicQueues.list("").hasMore()).isFalse();
        assertThatThrownBy(() -> ctx.lookup("dynamicQueues/" + "q".repeat(200)))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("FMQ-JMS-101")
                .hasMessageContaining("looking up 'dynamicQueues/qqq");
    }

    @Test
    void missingNamesSayWhatIsBoundAndHowToBindMore() throws Exception {
        InitialContext ctx = sample();
        assertThatThrownBy(() -> ctx.lookup("nope")).isInstanceOf(NameNotFoundException.class)
                .hasMessageStartingWith("FMQ-JMS-904 'nope' is not bound in the FerryMQ JNDI context")
                .hasMessageContaining("bound names: dynamicQueues/, dynamicTopics/, jms/, myFactory, prices, queues/")
                .hasMessageContaining("queue.<name>=<queue>");
        assertThatThrownBy(() -> ctx.lookup("queues/nope")).isInstanceOf(NameNotFoundException.class)
                .hasMessageContaining("'queues/nope' is not bound").hasMessageContaining("bound names in 'queues': OrderQueue");
        assertThatThrownBy(() -> ctx.lookup("prices/x")).isInstanceOf(NotContextException.class)
                .hasMessageContaining("'prices' is bound to topic://prices, not to a context");
        assertThatThrownBy(() -> ctx.lookup("myFactory/x")).isInstanceOf(NotContextException.class)
                .hasMessageContaining("a connection factory (" + FakeConnectionFactory.class.getName() + ")");
        assertThatThrownBy(() -> ctx.lookup("Queues/OrderQueue")).as("names are case-sensitive")
                .isInstanceOf(NameNotFoundException.class);
    }

    @Test
    void listAndListBindings() throws Exception {
        InitialContext ctx = sample();
        Map<String, String> classes = new LinkedHashMap<>();
        for (NamingEnumeration<NameClassPair> e = ctx.list(""); e.hasMore(); ) {
            NameClassPair pair = e.next();
            classes.put(pair.getName(), pair.getClassName());
        }
        assertThat(classes.keySet()).containsExactly("dynamicQueues", "dynamicTopics", "jms", "myFactory", "prices", "queues");
        assertThat(classes.get("myFactory")).isEqualTo(FakeConnectionFactory.class.getName());
        assertThat(classes.get("prices")).isEqualTo(FerryTopic.class.getName());

        List<String> queues = new ArrayList<>();
        for (NamingEnumeration<NameClassPair> e = ctx.list("queues"); e.hasMoreElements(); ) {
            queues.add(e.nextElement().getName());
        }
        assertThat(queues).containsExactly("OrderQueue");

        Map<String, Object> bindings = new LinkedHashMap<>();
        for (NamingEnumeration<Binding> e = ctx.listBindings(new CompositeName("")); e.hasMore(); ) {
            Binding binding = e.next();
            bindings.put(binding.getName(), binding.getObject());
        }
        assertThat(bindings.get("myFactory")).isSameAs(ctx.lookup("myFactory"));
        assertThat(bindings.get("prices")).isEqualTo(new FerryTopic("prices"));
        assertThat(bindings.get("jms")).isInstanceOf(Context.class);
        assertThatThrownBy(() -> ctx.list("prices")).isInstanceOf(NotContextException.class);
        assertThatThrownBy(() -> ctx.listBindings("nope")).isInstanceOf(NameNotFoundException.class);
    }

    @Test
    void theContextIsReadOnly() throws Exception {
        InitialContext ctx = sample();
        List<ThrowingCall> writes = List.of(
                () -> ctx.bind("x", "y"), () -> ctx.bind(new CompositeName("x"), "y"),
                () -> ctx.rebind("prices", "y"), () -> ctx.rebind(new CompositeName("prices"), "y"),
                () -> ctx.unbind("prices"), () -> ctx.unbind(new CompositeName("prices")),
                () -> ctx.rename("prices", "p"), () -> ctx.rename(new CompositeName("prices"), new CompositeName("p")),
                () -> ctx.createSubcontext("sub"), () -> ctx.createSubcontext(new CompositeName("sub")),
                () -> ctx.destroySubcontext("jms"), () -> ctx.destroySubcontext(new CompositeName("jms")));
        for (ThrowingCall write : writes) {
            assertThatThrownBy(write::call).isInstanceOf(OperationNotSupportedException.class)
                    .hasMessageContaining("FMQ-JMS-905 the FerryMQ JNDI context is read-only");
        }
        assertThat(ctx.lookup("prices")).isEqualTo(new FerryTopic("prices"));
    }

    private interface ThrowingCall {
        void call() throws Exception;
    }

    @Test
    void namesAndEnvironment() throws Exception {
        InitialContext ctx = sample();
        Context root = (Context) ctx.lookup("");
        assertThat(root.getNameInNamespace()).isEmpty();
        assertThat(root.getNameParser("").parse("a/b/c").size()).isEqualTo(3);
        assertThat(root.composeName("b", "a")).isEqualTo("a/b");
        assertThat(root.composeName(new CompositeName("b"), new CompositeName("a"))).isEqualTo(new CompositeName("a/b"));
        assertThat(ctx.getEnvironment().get("topic.prices")).isEqualTo("prices");
        ctx.addToEnvironment("custom", "1");
        assertThat(ctx.getEnvironment().get("custom")).isEqualTo("1");
        ctx.removeFromEnvironment("custom");
        assertThat(ctx.getEnvironment().get("custom")).isNull();
        assertThat(ctx.lookupLink("prices")).isEqualTo(new FerryTopic("prices"));
        root.close();
        ctx.close();
    }

    @Test
    void jndiPropertiesOnTheClassPathIsRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jndi.properties"), String.join("\n",
                "java.naming.factory.initial = " + TestInitialContextFactory.class.getName(),
                "java.naming.provider.url = ferrymq://ns1:9876;ns2:9876?clientID=fromFile",
                "connectionFactory.jms/cf = ferrymq://ns3:9876",
                "queue.orders = orders",
                "topic.news = news"));
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            InitialContext ctx = new InitialContext();
            assertThat(configOf(ctx.lookup("ConnectionFactory")).getClientID()).isEqualTo("fromFile");
            assertThat(configOf(ctx.lookup("jms/cf")).getNamesrvAddr()).isEqualTo("ns3:9876");
            assertThat(ctx.lookup("orders")).isEqualTo(new FerryQueue("orders"));
            assertThat(ctx.lookup("news")).isEqualTo(new FerryTopic("news"));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void badEntriesFailTheInitialContextWithTheKey() {
        assertBadEnv("connectionFactory.cf", "tcp://h:1", "FMQ-JMS-906 bad JNDI environment entry connectionFactory.cf: FMQ-JMS-903");
        assertBadEnv("connectionFactory.cf", "ferrymq://h:1?prefetchSize=0", "connectionFactory.cf: FMQ-JMS-902 prefetchSize='0'");
        assertBadEnv(Context.PROVIDER_URL, "ferrymq://h:0", "entry java.naming.provider.url: FMQ-JMS-902 namesrvAddr='h:0'");
        assertBadEnv("queue.q", "", "entry queue.q: FMQ-JMS-101");
        assertBadEnv("topic.t", "x".repeat(200), "entry topic.t: FMQ-JMS-101");
        assertBadEnv("queue.", "q", "'' is not a JNDI name");
        assertBadEnv("queue./a", "q", "'/a' is not a JNDI name");
        assertBadEnv("queue.a/", "q", "'a/' is not a JNDI name");
        assertBadEnv("queue.a//b", "q", "'a//b' is not a JNDI name");
        assertBadEnv("queue.dynamicQueues/x", "q", "names under dynamicQueues/ and dynamicTopics/ are reserved");
        assertBadEnv("topic.dynamicTopics", "q", "reserved");
    }

    private static void assertBadEnv(String key, String value, String message) {
        assertThatThrownBy(() -> new InitialContext(env(key, value))).as(key + "=" + value)
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(message);
    }

    @Test
    void aNameBoundTwiceOrAsBothObjectAndContextIsRefused() {
        assertThatThrownBy(() -> new InitialContext(env("queue.a", "q", "topic.a", "t")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("FMQ-JMS-906 bad JNDI environment entry topic.a: 'a' is already bound by queue.a");
        assertThatThrownBy(() -> new InitialContext(env("queue.a", "q", "connectionFactory.a", "ferrymq://")))
                .hasMessageContaining("'a' is already bound by connectionFactory.a");
        assertThatThrownBy(() -> new InitialContext(env("queue.a", "q", "topic.a/b", "t")))
                .hasMessage("FMQ-JMS-906 bad JNDI environment entry topic.a/b: 'a' is bound to an object by queue.a,"
                        + " so it cannot also be a context");
    }

    @Test
    void nonStringValuesAreRefused() {
        Hashtable<String, Object> env = env();
        env.put("queue.q", 42);
        assertThatThrownBy(() -> new InitialContext(env)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("entry queue.q: expected a String, found a java.lang.Integer");
    }

    @Test
    void otherKeysAreIgnored() throws Exception {
        InitialContext ctx = new InitialContext(env("connectionfactory.lower", "ferrymq://", "Queue.Q", "q",
                "java.naming.security.principal", "me", "something.else", "x"));
        assertThatThrownBy(() -> ctx.lookup("lower")).isInstanceOf(NameNotFoundException.class);
        assertThatThrownBy(() -> ctx.lookup("Q")).isInstanceOf(NameNotFoundException.class);
        assertThat(configOf(ctx.lookup("ConnectionFactory"))).isEqualTo(new FerryConnectionConfig());
    }

    @Test
    void aFactoryThatCannotBeCreatedFailsOnlyItsOwnLookups() throws Exception {
        Hashtable<String, Object> env = env("connectionFactory.cf", "ferrymq://", "queue.q", "q");
        Context missing = new FerryInitialContextFactory("com.example.NoSuchFactory").getInitialContext(env);
        assertThat(missing.lookup("q")).isEqualTo(new FerryQueue("q"));
        assertThatThrownBy(() -> missing.lookup("cf")).isInstanceOf(NamingException.class)
                .hasMessageContaining("FMQ-JMS-907 cannot create connection factory com.example.NoSuchFactory:"
                        + " the class is not on the class path");
        List<String> listed = new ArrayList<>();
        for (NamingEnumeration<NameClassPair> e = missing.list(""); e.hasMore(); ) {
            NameClassPair pair = e.next();
            listed.add(pair.getName() + "=" + pair.getClassName());
        }
        assertThat(listed).as("listing names the class without creating it").contains("cf=com.example.NoSuchFactory");

        Context failing = new FerryInitialContextFactory(FakeConnectionFactory.Failing.class.getName()).getInitialContext(env);
        assertThatThrownBy(() -> failing.lookup("cf")).hasMessageContaining("its constructor threw");
        assertThatThrownBy(() -> failing.listBindings("")).hasMessageContaining("FMQ-JMS-907");
        Context notAFactory = new FerryInitialContextFactory(FakeConnectionFactory.NotAFactory.class.getName())
                .getInitialContext(env);
        assertThatThrownBy(() -> notAFactory.lookup("cf")).hasMessageContaining("not a concrete jakarta.jms.ConnectionFactory");
    }

    @Test
    void theRealFactoryClassIsTheDefault() {
        assertThat(FerryInitialContextFactory.CONNECTION_FACTORY_CLASS).isEqualTo(FerryConnectionFactory.class.getName());
    }

    @Test
    void realConnectionFactoryThroughInitialContextAndBackThroughItsReference() throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, FerryInitialContextFactory.class.getName());
        env.put("connectionFactory.myFactory", "ferrymq://ns1:9876;ns2:9876?clientID=app1&prefetchSize=10");
        Object found = new InitialContext(env).lookup("myFactory");
        assertThat(found).isInstanceOf(ConnectionFactory.class).isInstanceOf(FerryConnectionFactory.class);
        FerryConnectionConfig config = ((FerryConnectionFactory) found).getConfig();
        assertThat(config).isEqualTo(FerryConnectionConfig.fromUrl("ferrymq://ns1:9876;ns2:9876?clientID=app1&prefetchSize=10"));

        Object rebuilt = NamingManager.getObjectInstance(((FerryConnectionFactory) found).getReference(), null, null, env);
        assertThat(rebuilt).isInstanceOf(FerryConnectionFactory.class).isNotSameAs(found);
        assertThat(((FerryConnectionFactory) rebuilt).getConfig()).isEqualTo(config);
    }
}
