package io.ferrymq.jms.jndi;

import io.ferrymq.jms.FerryConnectionConfig;
import io.ferrymq.jms.FerryQueue;
import io.ferrymq.jms.FerryTopic;
import jakarta.jms.InvalidDestinationRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A JNDI initial context for plain Java SE clients, built in memory from the environment (so {@code jndi.properties}
 * works), with the key forms ActiveMQ Artemis uses:
 * <ul>
 *   <li>{@code connectionFactory.<jndiName>=<ferrymq URL>} binds a connection factory under any name;</li>
 *   <li>{@code java.naming.provider.url=<ferrymq URL>} binds one under {@value #DEFAULT_CONNECTION_FACTORY_NAME};
 *       with neither, {@value #DEFAULT_CONNECTION_FACTORY_NAME} is a factory with every option at its default;</li>
 *   <li>{@code queue.<jndiName>=<queue name>} and {@code topic.<jndiName>=<topic name>} bind destinations;</li>
 *   <li>{@code dynamicQueues/<name>} and {@code dynamicTopics/<name>} look up destinations nobody bound.</li>
 * </ul>
 * JNDI names may contain {@code /} ({@code queue.jms/orders}), which makes subcontexts. Mistakes (bad URLs, a name
 * bound twice) fail {@code new InitialContext(env)} with FMQ-JMS-906; factories are created on first lookup
 * (FMQ-JMS-907 if the class cannot be). The context is read-only. Stateless; safe from any thread.
 */
public class FerryInitialContextFactory implements InitialContextFactory {
    private static final Logger LOG = LoggerFactory.getLogger(FerryInitialContextFactory.class);

    /** The connection factory class bound, created through its public {@code (FerryConnectionConfig)} constructor. */
    public static final String CONNECTION_FACTORY_CLASS = "io.ferrymq.jms.FerryConnectionFactory";
    public static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
    public static final String QUEUE_PREFIX = "queue.";
    public static final String TOPIC_PREFIX = "topic.";
    /** The name of the factory {@code java.naming.provider.url} defines, as in Artemis. */
    public static final String DEFAULT_CONNECTION_FACTORY_NAME = "ConnectionFactory";
    public static final String DYNAMIC_QUEUES = "dynamicQueues";
    public static final String DYNAMIC_TOPICS = "dynamicTopics";

    private final String connectionFactoryClass;

    public FerryInitialContextFactory() {
        this(CONNECTION_FACTORY_CLASS);
    }

    /** Binds factories of another class with the same constructor; for tests. */
    FerryInitialContextFactory(String connectionFactoryClass) {
        this.connectionFactoryClass = Objects.requireNonNull(connectionFactoryClass);
    }

    /**
     * @throws ConfigurationException FMQ-JMS-906 for a bad entry: a bad URL, a destination name that cannot be
     *                                mapped, a non-String value, an empty or reserved JNDI name, a name bound twice
     */
    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Hashtable<Object, Object> env = new Hashtable<>();
        if (environment != null) {
            env.putAll(environment);
        }
        Map<String, Object> flat = new TreeMap<>();
        Map<String, String> sources = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (Object key : env.keySet()) {
            if (key instanceof String s) {
                keys.add(s);
            }
        }
        keys.sort(null);
        boolean explicitFactory = false;
        for (String key : keys) {
            if (key.startsWith(CONNECTION_FACTORY_PREFIX)) {
                explicitFactory = true;
                FerryConnectionConfig config = config(key, text(env, key));
                bind(flat, sources, key.substring(CONNECTION_FACTORY_PREFIX.length()), key,
                        new LazyConnectionFactory(connectionFactoryClass, config));
            } else if (key.startsWith(QUEUE_PREFIX)) {
                bind(flat, sources, key.substring(QUEUE_PREFIX.length()), key,
                        destination(key, text(env, key), FerryQueue::new));
            } else if (key.startsWith(TOPIC_PREFIX)) {
                bind(flat, sources, key.substring(TOPIC_PREFIX.length()), key,
                        destination(key, text(env, key), FerryTopic::new));
            } else {
                warnIfMistyped(key);
            }
        }
        String providerUrl = text(env, Context.PROVIDER_URL);
        FerryConnectionConfig defaultConfig = providerUrl == null || providerUrl.isBlank()
                ? explicitFactory ? null : new FerryConnectionConfig()
                : config(Context.PROVIDER_URL, providerUrl);
        // An explicit binding of the default name wins over the default.
        if (defaultConfig != null && !flat.containsKey(DEFAULT_CONNECTION_FACTORY_NAME)
                && flat.keySet().stream().noneMatch(n -> n.startsWith(DEFAULT_CONNECTION_FACTORY_NAME + "/"))) {
            flat.put(DEFAULT_CONNECTION_FACTORY_NAME, new LazyConnectionFactory(connectionFactoryClass, defaultConfig));
        }
        checkPrefixes(flat, sources);

        Map<String, Object> root = tree(env, "", flat);
        root.put(DYNAMIC_QUEUES, new ReadOnlyContext(env, DYNAMIC_QUEUES, Map.of(), FerryQueue::new));
        root.put(DYNAMIC_TOPICS, new ReadOnlyContext(env, DYNAMIC_TOPICS, Map.of(), FerryTopic::new));
        LOG.debug("FerryMQ JNDI context with {}", flat.keySet());
        return new ReadOnlyContext(env, "", root, null);
    }

    private static FerryConnectionConfig config(String key, String url) throws ConfigurationException {
        try {
            return FerryConnectionConfig.fromUrl(url);
        } catch (IllegalArgumentException e) {
            throw badEntry(key, e.getMessage(), e);
        }
    }

    private static Object destination(String key, String name, Function<String, Object> create)
            throws ConfigurationException {
        try {
            return create.apply(name);
        } catch (InvalidDestinationRuntimeException e) {
            throw badEntry(key, e.getMessage(), e);
        }
    }

    private static String text(Hashtable<Object, Object> env, String key) throws ConfigurationException {
        Object value = env.get(key);
        if (value != null && !(value instanceof String)) {
            throw badEntry(key, "expected a String, found a " + value.getClass().getName(), null);
        }
        return (String) value;
    }

    private static void bind(Map<String, Object> flat, Map<String, String> sources, String name, String key,
                             Object value) throws ConfigurationException {
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            throw badEntry(key, "'" + name + "' is not a JNDI name (non-empty parts separated by single '/')", null);
        }
        String first = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
        if (first.equals(DYNAMIC_QUEUES) || first.equals(DYNAMIC_TOPICS)) {
            throw badEntry(key, "names under " + DYNAMIC_QUEUES + "/ and " + DYNAMIC_TOPICS + "/ are reserved", null);
        }
        String earlier = sources.putIfAbsent(name, key);
        if (earlier != null) {
            throw badEntry(key, "'" + name + "' is already bound by " + earlier, null);
        }
        flat.put(name, value);
    }

    /** A name cannot be both an object and a context: {@code queue.a} and {@code queue.a/b} conflict. */
    private static void checkPrefixes(Map<String, Object> flat, Map<String, String> sources)
            throws ConfigurationException {
        for (String name : flat.keySet()) {
            for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                String prefix = name.substring(0, slash);
                if (flat.containsKey(prefix)) {
                    String source = sources.getOrDefault(name, name);
                    throw badEntry(source, "'" + prefix + "' is bound to an object by "
                            + sources.getOrDefault(prefix, "default") + ", so it cannot also be a context", null);
                }
            }
        }
    }

    /** Nests names with '/' into child contexts. */
    private static Map<String, Object> tree(Hashtable<Object, Object> env, String path, Map<String, Object> flat) {
        Map<String, Object> level = new TreeMap<>();
        Map<String, Map<String, Object>> children = new TreeMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            int slash = e.getKey().indexOf('/');
            if (slash < 0) {
                level.put(e.getKey(), e.getValue());
            } else {
                children.computeIfAbsent(e.getKey().substring(0, slash), k -> new TreeMap<>())
                        .put(e.getKey().substring(slash + 1), e.getValue());
            }
        }
        for (Map.Entry<String, Map<String, Object>> child : children.entrySet()) {
            String childPath = path.isEmpty() ? child.getKey() : path + "/" + child.getKey();
            level.put(child.getKey(),
                    new ReadOnlyContext(env, childPath, tree(env, childPath, child.getValue()), null));
        }
        return level;
    }

    private static void warnIfMistyped(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {CONNECTION_FACTORY_PREFIX, QUEUE_PREFIX, TOPIC_PREFIX}) {
            if (lower.startsWith(prefix.toLowerCase(Locale.ROOT))) {
                LOG.warn("FMQ-JMS-908 JNDI environment key '{}' is ignored: FerryMQ reads {}<name> (case-sensitive)",
                        key, prefix);
            }
        }
    }

    private static ConfigurationException badEntry(String key, String why, Throwable cause) {
        ConfigurationException e = new ConfigurationException("FMQ-JMS-906 bad JNDI environment entry " + key
                + ": " + why);
        e.setRootCause(cause);
        return e;
    }
}
