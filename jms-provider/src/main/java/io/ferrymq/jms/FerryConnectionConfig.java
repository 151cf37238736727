package io.ferrymq.jms;

import io.ferrymq.jms.jndi.FerryObjectFactory;
import io.ferrymq.jms.message.TrustedPackages;

import javax.naming.Reference;
import javax.naming.StringRefAddr;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every option of a FerryMQ connection factory, as a JavaBean with typed getters and setters, a generic
 * {@link #set(String, String)} for text sources, a URL form ({@link #fromUrl(String)}, {@link #toUrl()}) and a JNDI
 * {@link #toReference(String) Reference}. Setters validate at once, so a factory built from a config never meets a bad
 * value later. Mutable and not thread-safe: configure it on one thread, then hand it over; factories keep a copy.
 *
 * <p>Errors: {@code FMQ-JMS-901} unknown option, {@code FMQ-JMS-902} bad value, {@code FMQ-JMS-903} bad URL; all as
 * {@link IllegalArgumentException}. See {@code docs/jms.md}.
 */
public final class FerryConnectionConfig implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The URL scheme: {@code ferrymq://host:port[;host:port...][?option=value&...]}. */
    public static final String URL_SCHEME = "ferrymq";
    private static final String URL_PREFIX = URL_SCHEME + "://";

    public static final String DEFAULT_NAMESRV_ADDR = "127.0.0.1:9876";
    public static final int DEFAULT_PREFETCH_SIZE = 32;
    public static final long DEFAULT_ACK_TIMEOUT_MILLIS = 60_000;
    public static final int DEFAULT_MAX_DELIVERY_ATTEMPTS = 16;
    public static final long DEFAULT_REDELIVERY_DELAY_MILLIS = 0;
    public static final long DEFAULT_SEND_TIMEOUT_MILLIS = 3_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 3_000;
    public static final long DEFAULT_CLOSE_TIMEOUT_MILLIS = 30_000;
    public static final int DEFAULT_QUEUE_COUNT = 4;
    public static final int DEFAULT_NON_PERSISTENT_WINDOW_BYTES = 1 << 20;
    public static final long DEFAULT_RECONNECT_INTERVAL_MILLIS = 1_000;
    /** {@link #getReconnectAttempts()} value meaning "keep trying for ever" (the default). */
    public static final int RECONNECT_FOREVER = -1;
    public static final String DEFAULT_GROUP_PREFIX = "JMS_";

    private static final Pattern HOST_PORT =
            Pattern.compile("(?:\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):([0-9]{1,5})");
    private static final Pattern GROUP_PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The options in documentation order; set/get/URL/Reference all go through this table. */
    private static final Map<String, Option> OPTIONS = options();
    private static final FerryConnectionConfig DEFAULTS = new FerryConnectionConfig();

    private String namesrvAddr = DEFAULT_NAMESRV_ADDR;
    private String clientID;
    private String user;
    private String password;
    private int prefetchSize = DEFAULT_PREFETCH_SIZE;
    private long ackTimeoutMillis = DEFAULT_ACK_TIMEOUT_MILLIS;
    private int maxDeliveryAttempts = DEFAULT_MAX_DELIVERY_ATTEMPTS;
    private long redeliveryDelayMillis = DEFAULT_REDELIVERY_DELAY_MILLIS;
    private long sendTimeoutMillis = DEFAULT_SEND_TIMEOUT_MILLIS;
    private long requestTimeoutMillis = DEFAULT_REQUEST_TIMEOUT_MILLIS;
    private long closeTimeoutMillis = DEFAULT_CLOSE_TIMEOUT_MILLIS;
    private int defaultQueueCount = DEFAULT_QUEUE_COUNT;
    private int nonPersistentWindowBytes = DEFAULT_NON_PERSISTENT_WINDOW_BYTES;
    private List<String> trustedPackages = TrustedPackages.DEFAULT_PACKAGES;
    private long reconnectIntervalMillis = DEFAULT_RECONNECT_INTERVAL_MILLIS;
    private int reconnectAttempts = RECONNECT_FOREVER;
    private String groupPrefix = DEFAULT_GROUP_PREFIX;
    private boolean disableMessageTimestamp;
    private boolean disableMessageID;

    /** All options at their defaults. */
    public FerryConnectionConfig() {
    }

    /** A copy of {@code other}; later changes to either do not affect the other. */
    public FerryConnectionConfig(FerryConnectionConfig other) {
        this.namesrvAddr = other.namesrvAddr;
        this.clientID = other.clientID;
        this.user = other.user;
        this.password = other.password;
        this.prefetchSize = other.prefetchSize;
        this.ackTimeoutMillis = other.ackTimeoutMillis;
        this.maxDeliveryAttempts = other.maxDeliveryAttempts;
        this.redeliveryDelayMillis = other.redeliveryDelayMillis;
        this.sendTimeoutMillis = other.sendTimeoutMillis;
        this.requestTimeoutMillis = other.requestTimeoutMillis;
        this.closeTimeoutMillis = other.closeTimeoutMillis;
        this.defaultQueueCount = other.defaultQueueCount;
        this.nonPersistentWindowBytes = other.nonPersistentWindowBytes;
        this.trustedPackages = other.trustedPackages;
        this.reconnectIntervalMillis = other.reconnectIntervalMillis;
        this.reconnectAttempts = other.reconnectAttempts;
        this.groupPrefix = other.groupPrefix;
        this.disableMessageTimestamp = other.disableMessageTimestamp;
        this.disableMessageID = other.disableMessageID;
    }

    /** A copy of this config. */
    public FerryConnectionConfig copy() {
        return new FerryConnectionConfig(this);
    }

    // ---- the options -------------------------------------------------------------------------------------------

    /**
     * Nameservers as {@code host:port;host:port}; default {@value #DEFAULT_NAMESRV_ADDR}, a nameserver on this host at
     * RocketMQ's port.
     */
    public String getNamesrvAddr() {
        return namesrvAddr;
    }

    /**
     * Sets the nameservers: one or more {@code host:port} (host a name, an IPv4 address or a bracketed IPv6 address,
     * port 1..65535) separated by {@code ;}. Blanks around entries and empty entries are dropped.
     */
    public void setNamesrvAddr(String namesrvAddr) {
        this.namesrvAddr = normalizeNamesrvAddr(namesrvAddr);
    }

    /**
     * Client id every connection starts with (needed for unshared durable subscriptions); default none, as one id fits
     * one connection only.
     */
    public String getClientID() {
        return clientID;
    }

    /** Sets the preset client id; null for none. An empty id is refused. */
    public void setClientID(String clientID) {
        if (clientID != null && clientID.isEmpty()) {
            throw invalid("clientID", clientID, null);
        }
        this.clientID = checkText("clientID", clientID);
    }

    /**
     * User name {@code createConnection()} uses; default none, as FerryMQ brokers run without authentication by
     * default.
     */
    public String getUser() {
        return user;
    }

    /** Sets the default user; null for none. */
    public void setUser(String user) {
        this.user = checkText("user", user);
    }

    /** Password {@code createConnection()} uses with {@link #getUser()}; default none (see there). */
    public String getPassword() {
        return password;
    }

    /** Sets the default password; null for none. */
    public void setPassword(String password) {
        this.password = checkText("password", password);
    }

    /**
     * Messages a consumer fetches and buffers ahead of the application; default 32, one RocketMQ pull batch, enough to
     * hide the pull round trip.
     */
    public int getPrefetchSize() {
        return prefetchSize;
    }

    /** Sets the prefetch size, 1..65535. */
    public void setPrefetchSize(int prefetchSize) {
        this.prefetchSize = checkInt("prefetchSize", prefetchSize);
    }

    /**
     * How long a delivered, unacknowledged message stays invisible to other consumers before the broker redelivers it
     * (covers a crashed consumer); default 60 s, longer than most processing yet a bounded wait after a crash.
     */
    public long getAckTimeoutMillis() {
        return ackTimeoutMillis;
    }

    /** Sets the acknowledgement timeout, at least 1 ms. */
    public void setAckTimeoutMillis(long ackTimeoutMillis) {
        this.ackTimeoutMillis = checkLong("ackTimeoutMillis", ackTimeoutMillis);
    }

    /**
     * After this many deliveries a message goes to the subscription's dead-letter queue; default 16, RocketMQ's maximum
     * retries.
     */
    public int getMaxDeliveryAttempts() {
        return maxDeliveryAttempts;
    }

    /** Sets the delivery attempts before dead-lettering, at least 1. */
    public void setMaxDeliveryAttempts(int maxDeliveryAttempts) {
        this.maxDeliveryAttempts = checkInt("maxDeliveryAttempts", maxDeliveryAttempts);
    }

    /** Delay before a rolled-back or recovered message is delivered again; default 0, as JMS redelivers at once. */
    public long getRedeliveryDelayMillis() {
        return redeliveryDelayMillis;
    }

    /** Sets the redelivery delay, 0 or more ms. */
    public void setRedeliveryDelayMillis(long redeliveryDelayMillis) {
        this.redeliveryDelayMillis = checkLong("redeliveryDelayMillis", redeliveryDelayMillis);
    }

    /** How long a send waits for the broker's answer; default 3 s, the RocketMQ producer's default. */
    public long getSendTimeoutMillis() {
        return sendTimeoutMillis;
    }

    /** Sets the send timeout, at least 1 ms. */
    public void setSendTimeoutMillis(long sendTimeoutMillis) {
        this.sendTimeoutMillis = checkLong("sendTimeoutMillis", sendTimeoutMillis);
    }

    /**
     * How long other requests (routes, offsets, acknowledgements, transaction ends) wait for an answer; default 3 s,
     * the RocketMQ client's default.
     */
    public long getRequestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    /** Sets the request timeout, at least 1 ms. */
    public void setRequestTimeoutMillis(long requestTimeoutMillis) {
        this.requestTimeoutMillis = checkLong("requestTimeoutMillis", requestTimeoutMillis);
    }

    /**
     * How long {@code close()} waits for running listeners and in-flight sends to finish; default 30 s, room for a slow
     * listener without hanging shutdown for ever.
     */
    public long getCloseTimeoutMillis() {
        return closeTimeoutMillis;
    }

    /** Sets the close timeout, at least 1 ms. */
    public void setCloseTimeoutMillis(long closeTimeoutMillis) {
        this.closeTimeoutMillis = checkLong("closeTimeoutMillis", closeTimeoutMillis);
    }

    /**
     * Queues of a destination's topic when FerryMQ creates it on first use; default 4, the broker's
     * defaultTopicQueueNums.
     */
    public int getDefaultQueueCount() {
        return defaultQueueCount;
    }

    /** Sets the queue count for created destinations, 1..1024 (the broker's limit). */
    public void setDefaultQueueCount(int defaultQueueCount) {
        this.defaultQueueCount = checkInt("defaultQueueCount", defaultQueueCount);
    }

    /**
     * How many bytes of NON_PERSISTENT messages a session may have on their way to the brokers without waiting for
     * them (docs/jms.md, "Non-persistent sends"); default 1 MiB. 0 makes every non-persistent send wait for the
     * broker's answer, as persistent ones do.
     */
    public int getNonPersistentWindowBytes() {
        return nonPersistentWindowBytes;
    }

    /** Sets the non-persistent send window, 0 (off) or more bytes. */
    public void setNonPersistentWindowBytes(int nonPersistentWindowBytes) {
        this.nonPersistentWindowBytes = checkInt("nonPersistentWindowBytes", nonPersistentWindowBytes);
    }

    /**
     * Packages an ObjectMessage may deserialize (see {@link TrustedPackages}); default {@link
     * TrustedPackages#DEFAULT_PACKAGES}, JDK value types only, so no sender can instantiate gadget classes.
     */
    public List<String> getTrustedPackages() {
        return trustedPackages;
    }

    /**
     * Sets the trusted packages: package names (each trusts its subpackages; a trailing {@code .*} is dropped) or
     * {@code *} for all. An empty list trusts no class.
     */
    public void setTrustedPackages(List<String> trustedPackages) {
        if (trustedPackages == null) {
            throw invalid("trustedPackages", null, null);
        }
        for (String entry : trustedPackages) {
            if (entry != null) {
                checkText("trustedPackages", entry);
            }
        }
        try {
            this.trustedPackages = TrustedPackages.of(trustedPackages).packages();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid("trustedPackages", String.join(",", trustedPackages.stream().map(String::valueOf).toList()),
                    e.getMessage());
        }
    }

    /**
     * The allow-list for ObjectMessage: left at the default it is {@link TrustedPackages#defaults()}, which the
     * JVM-wide system property {@value TrustedPackages#SYSTEM_PROPERTY} extends; any other list is used exactly.
     */
    public TrustedPackages toTrustedPackages() {
        return trustedPackages.equals(TrustedPackages.DEFAULT_PACKAGES)
                ? TrustedPackages.defaults() : TrustedPackages.of(trustedPackages);
    }

    /**
     * Pause between attempts to reconnect a lost connection; default 1 s, quick recovery without hammering a restarting
     * broker.
     */
    public long getReconnectIntervalMillis() {
        return reconnectIntervalMillis;
    }

    /** Sets the reconnect interval, at least 1 ms. */
    public void setReconnectIntervalMillis(long reconnectIntervalMillis) {
        this.reconnectIntervalMillis = checkLong("reconnectIntervalMillis", reconnectIntervalMillis);
    }

    /**
     * Reconnect attempts before the connection's ExceptionListener hears of the loss; default {@value
     * #RECONNECT_FOREVER} (for ever), as brokers come back.
     */
    public int getReconnectAttempts() {
        return reconnectAttempts;
    }

    /** Sets the reconnect attempts: -1 for ever, 0 never, or a count. */
    public void setReconnectAttempts(int reconnectAttempts) {
        this.reconnectAttempts = checkInt("reconnectAttempts", reconnectAttempts);
    }

    /**
     * Prefix of the RocketMQ consumer and producer group names the provider derives; default {@value
     * #DEFAULT_GROUP_PREFIX}, keeping JMS groups apart from native clients' groups.
     */
    public String getGroupPrefix() {
        return groupPrefix;
    }

    /** Sets the group prefix: 1 to 64 of {@code A-Z a-z 0-9 _ -}. */
    public void setGroupPrefix(String groupPrefix) {
        if (groupPrefix == null || !GROUP_PREFIX.matcher(groupPrefix).matches()) {
            throw invalid("groupPrefix", groupPrefix, null);
        }
        this.groupPrefix = groupPrefix;
    }

    /**
     * Default of {@code MessageProducer.setDisableMessageTimestamp} for new producers; default false, as the spec says.
     */
    public boolean isDisableMessageTimestamp() {
        return disableMessageTimestamp;
    }

    public void setDisableMessageTimestamp(boolean disableMessageTimestamp) {
        this.disableMessageTimestamp = disableMessageTimestamp;
    }

    /** Default of {@code MessageProducer.setDisableMessageID} for new producers; default false, as the spec says. */
    public boolean isDisableMessageID() {
        return disableMessageID;
    }

    public void setDisableMessageID(boolean disableMessageID) {
        this.disableMessageID = disableMessageID;
    }

    // ---- generic access ----------------------------------------------------------------------------------------

    /** The option names {@link #set(String, String)} accepts, in documentation order. */
    public static List<String> optionNames() {
        return List.copyOf(OPTIONS.keySet());
    }

    /**
     * Sets an option from its text form: numbers in decimal, booleans as {@code true}/{@code false}, trustedPackages
     * comma-separated; null unsets clientID, user and password.
     *
     * @throws IllegalArgumentException for an unknown key (FMQ-JMS-901, listing the known ones) or a bad value
     *                                  (FMQ-JMS-902, naming key, value and the expected form)
     */
    public void set(String key, String value) {
        option(key).set().accept(this, value);
    }

    /**
     * An option's text form, as {@link #set(String, String)} reads it back; null for an unset clientID, user or
     * password.
     */
    public String get(String key) {
        return option(key).get().apply(this);
    }

    private static Option option(String key) {
        Option option = key == null ? null : OPTIONS.get(key);
        if (option == null) {
            String hint = "";
            for (String known : OPTIONS.keySet()) {
                if (known.equalsIgnoreCase(key)) {
                    hint = " (did you mean '" + known + "'? names are case-sensitive)";
                }
            }
            throw new IllegalArgumentException("FMQ-JMS-901 unknown connection factory option '" + key + "'" + hint
                    + "; known options: " + String.join(", ", OPTIONS.keySet()));
        }
        return option;
    }

    // ---- URL form ----------------------------------------------------------------------------------------------

    /**
     * Reads {@code ferrymq://host:port[;host:port...][?option=value&...]}: the nameservers before {@code ?} (none: the
     * default), then options as percent-encoded UTF-8 query parameters ({@code +} is a plus, not a space). The scheme
     * is case-insensitive; each option may appear once; namesrvAddr may not appear as a parameter.
     *
     * @throws IllegalArgumentException FMQ-JMS-903 for a malformed URL, FMQ-JMS-901/902 for bad options
     */
    public static FerryConnectionConfig fromUrl(String url) {
        if (url == null) {
            throw badUrl("no URL given");
        }
        String text = url.strip();
        int query = text.indexOf('?');
        String beforeQuery = query < 0 ? text : text.substring(0, query);
        if (!text.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length())) {
            // Only the scheme is quoted: the rest may hold credentials.
            int schemeEnd = beforeQuery.indexOf("://");
            throw badUrl("it must start with " + URL_PREFIX + ", found "
                    + (schemeEnd < 0 ? "no scheme" : "scheme '" + text.substring(0, schemeEnd) + "'"));
        }
        if (text.indexOf('#') >= 0) {
            throw badUrl("a FerryMQ URL has no #fragment");
        }
        FerryConnectionConfig config = new FerryConnectionConfig();
        String hosts = beforeQuery.substring(URL_PREFIX.length());
        if (!hosts.isEmpty()) {
            config.setNamesrvAddr(hosts);
        }
        if (query >= 0) {
            Set<String> seen = new HashSet<>();
            for (String parameter : text.substring(query + 1).split("&", -1)) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int eq = parameter.indexOf('=');
                if (eq < 0) {
                    throw badUrl("parameter '" + parameter + "' has no value: expected option=value");
                }
                String key = decodeParameter(parameter.substring(0, eq), null);
                String value = decodeParameter(parameter.substring(eq + 1), key);
                if (key.equals("namesrvAddr")) {
                    throw badUrl("the nameservers go between " + URL_PREFIX
                            + " and '?', not in a namesrvAddr parameter");
                }
                if (!seen.add(key)) {
                    throw badUrl("option '" + key + "' is given twice");
                }
                config.set(key, value);
            }
        }
        return config;
    }

    /**
     * This config as a URL that {@link #fromUrl(String)} reads back to an equal config: the nameservers, then every
     * option that differs from its default, percent-encoded. Holds the password in clear text when one is set.
     */
    public String toUrl() {
        return toUrl(false);
    }

    private String toUrl(boolean maskPassword) {
        StringBuilder url = new StringBuilder(URL_PREFIX).append(namesrvAddr);
        char separator = '?';
        for (Option option : OPTIONS.values()) {
            String value = option.get().apply(this);
            if (option.name().equals("namesrvAddr") || Objects.equals(value, option.get().apply(DEFAULTS))) {
                continue;
            }
            url.append(separator).append(option.name()).append('=');
            url.append(maskPassword && option.name().equals("password") ? "***" : PercentEncoding.encode(value));
            separator = '&';
        }
        return url.toString();
    }

    // ---- JNDI --------------------------------------------------------------------------------------------------

    /**
     * A JNDI reference to a connection factory of class {@code factoryClassName} with this config: one
     * {@link StringRefAddr} per option that differs from its default (type = option name, content = its text form),
     * read back by {@link FerryObjectFactory}. Holds the password in clear text when one is set.
     */
    public Reference toReference(String factoryClassName) {
        Reference reference = new Reference(Objects.requireNonNull(factoryClassName, "factoryClassName"),
                FerryObjectFactory.class.getName(), null);
        for (Option option : OPTIONS.values()) {
            String value = option.get().apply(this);
            if (!Objects.equals(value, option.get().apply(DEFAULTS))) {
                reference.add(new StringRefAddr(option.name(), value));
            }
        }
        return reference;
    }

    // ---- Object ------------------------------------------------------------------------------------------------

    @Override
    public boolean equals(Object o) {
        return o instanceof FerryConnectionConfig other
                && namesrvAddr.equals(other.namesrvAddr)
                && Objects.equals(clientID, other.clientID)
                && Objects.equals(user, other.user)
                && Objects.equals(password, other.password)
                && prefetchSize == other.prefetchSize
                && ackTimeoutMillis == other.ackTimeoutMillis
                && maxDeliveryAttempts == other.maxDeliveryAttempts
                && redeliveryDelayMillis == other.redeliveryDelayMillis
                && sendTimeoutMillis == other.sendTimeoutMillis
                && requestTimeoutMillis == other.requestTimeoutMillis
                && closeTimeoutMillis == other.closeTimeoutMillis
                && defaultQueueCount == other.defaultQueueCount
                && nonPersistentWindowBytes == other.nonPersistentWindowBytes
                && trustedPackages.equals(other.trustedPackages)
                && reconnectIntervalMillis == other.reconnectIntervalMillis
                && reconnectAttempts == other.reconnectAttempts
                && groupPrefix.equals(other.groupPrefix)
                && disableMessageTimestamp == other.disableMessageTimestamp
                && disableMessageID == other.disableMessageID;
    }

    @Override
    public int hashCode() {
        return Objects.hash(namesrvAddr, clientID, user, password, prefetchSize, ackTimeoutMillis, maxDeliveryAttempts,
                redeliveryDelayMillis, sendTimeoutMillis, requestTimeoutMillis, closeTimeoutMillis, defaultQueueCount,
                nonPersistentWindowBytes,
                trustedPackages, reconnectIntervalMillis, reconnectAttempts, groupPrefix, disableMessageTimestamp,
                disableMessageID);
    }

    /** The URL form with the password masked, for logs. */
    @Override
    public String toString() {
        return toUrl(true);
    }

    // ---- serialization: the URL is the serial form, so a deserialized config passes the setters' checks ---------

    @Serial
    private Object writeReplace() {
        return new SerializedForm(toUrl());
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("FMQ-JMS-902 a FerryConnectionConfig is serialized through its URL form");
    }

    /** The serial form of a config: its URL. */
    static final class SerializedForm implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String url;

        SerializedForm(String url) {
            this.url = url;
        }

        @Serial
        private Object readResolve() throws ObjectStreamException {
            try {
                return fromUrl(url);
            } catch (IllegalArgumentException e) {
                throw new InvalidObjectException(e.getMessage());
            }
        }
    }

    // ---- option table and checks -------------------------------------------------------------------------------

    /** One option: its name, its expected form for error messages, its text getter and setter, its numeric range. */
    private record Option(String name, String expected, long min, long max,
                          Function<FerryConnectionConfig, String> get, BiConsumer<FerryConnectionConfig, String> set) {
    }

    private static Map<String, Option> options() {
        List<Option> list = new ArrayList<>();
        list.add(text("namesrvAddr", "host:port[;host:port...] with ports 1..65535",
                c -> c.namesrvAddr, FerryConnectionConfig::setNamesrvAddr));
        list.add(text("clientID", "a non-empty client id", c -> c.clientID, FerryConnectionConfig::setClientID));
        list.add(text("user", "a user name", c -> c.user, FerryConnectionConfig::setUser));
        list.add(text("password", "a password", c -> c.password, FerryConnectionConfig::setPassword));
        list.add(integer("prefetchSize", 1, 65_535, c -> c.prefetchSize, FerryConnectionConfig::setPrefetchSize));
        list.add(millis("ackTimeoutMillis", 1, c -> c.ackTimeoutMillis, FerryConnectionConfig::setAckTimeoutMillis));
        list.add(integer("maxDeliveryAttempts", 1, Integer.MAX_VALUE, c -> c.maxDeliveryAttempts,
                FerryConnectionConfig::setMaxDeliveryAttempts));
        list.add(millis("redeliveryDelayMillis", 0, c -> c.redeliveryDelayMillis,
                FerryConnectionConfig::setRedeliveryDelayMillis));
        list.add(millis("sendTimeoutMillis", 1, c -> c.sendTimeoutMillis, FerryConnectionConfig::setSendTimeoutMillis));
        list.add(millis("requestTimeoutMillis", 1, c -> c.requestTimeoutMillis,
                FerryConnectionConfig::setRequestTimeoutMillis));
        list.add(millis("closeTimeoutMillis", 1, c -> c.closeTimeoutMillis,
                FerryConnectionConfig::setCloseTimeoutMillis));
        list.add(integer("defaultQueueCount", 1, 1024, c -> c.defaultQueueCount,
                FerryConnectionConfig::setDefaultQueueCount));
        list.add(integer("nonPersistentWindowBytes", 0, Integer.MAX_VALUE, c -> c.nonPersistentWindowBytes,
                FerryConnectionConfig::setNonPersistentWindowBytes));
        list.add(text("trustedPackages", "comma-separated package names, or *",
                c -> String.join(",", c.trustedPackages), (c, v) -> c.setTrustedPackages(splitPackages(v))));
        list.add(millis("reconnectIntervalMillis", 1, c -> c.reconnectIntervalMillis,
                FerryConnectionConfig::setReconnectIntervalMillis));
        list.add(integer("reconnectAttempts", -1, Integer.MAX_VALUE, c -> c.reconnectAttempts,
                FerryConnectionConfig::setReconnectAttempts));
        list.add(text("groupPrefix", "1 to 64 characters of A-Z a-z 0-9 _ -",
                c -> c.groupPrefix, FerryConnectionConfig::setGroupPrefix));
        list.add(bool("disableMessageTimestamp", c -> c.disableMessageTimestamp,
                FerryConnectionConfig::setDisableMessageTimestamp));
        list.add(bool("disableMessageID", c -> c.disableMessageID, FerryConnectionConfig::setDisableMessageID));
        Map<String, Option> map = new LinkedHashMap<>();
        for (Option option : list) {
            map.put(option.name(), option);
        }
        return Collections.unmodifiableMap(map);
    }

    private static Option text(String name, String expected, Function<FerryConnectionConfig, String> get,
                               BiConsumer<FerryConnectionConfig, String> set) {
        return new Option(name, expected, 0, 0, get, set);
    }

    private static Option integer(String name, int min, int max, ToIntFunction<FerryConnectionConfig> get,
                                  ObjIntConsumer<FerryConnectionConfig> set) {
        String expected = max == Integer.MAX_VALUE
                ? "an integer of at least " + min : "an integer from " + min + " to " + max;
        return new Option(name, expected, min, max, c -> Integer.toString(get.applyAsInt(c)),
                (c, v) -> set.accept(c, (int) parseNumber(name, v, true)));
    }

    private static Option millis(String name, long min, ToLongFunction<FerryConnectionConfig> get,
                                 ObjLongConsumer<FerryConnectionConfig> set) {
        return new Option(name, "a number of milliseconds of at least " + min, min, Long.MAX_VALUE,
                c -> Long.toString(get.applyAsLong(c)), (c, v) -> set.accept(c, parseNumber(name, v, false)));
    }

    private static Option bool(String name, Predicate<FerryConnectionConfig> get,
                               BiConsumer<FerryConnectionConfig, Boolean> set) {
        return new Option(name, "true or false", 0, 0, c -> Boolean.toString(get.test(c)), (c, v) -> {
            String s = v == null ? null : v.strip();
            if ("true".equalsIgnoreCase(s)) {
                set.accept(c, true);
            } else if ("false".equalsIgnoreCase(s)) {
                set.accept(c, false);
            } else {
                throw invalid(name, v, null);
            }
        });
    }

    private static long parseNumber(String key, String value, boolean isInt) {
        try {
            return isInt ? Integer.parseInt(value.strip()) : Long.parseLong(value.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw invalid(key, value, null);
        }
    }

    private static int checkInt(String key, int value) {
        Option option = OPTIONS.get(key);
        if (value < option.min() || value > option.max()) {
            throw invalid(key, Integer.toString(value), null);
        }
        return value;
    }

    private static long checkLong(String key, long value) {
        Option option = OPTIONS.get(key);
        if (value < option.min() || value > option.max()) {
            throw invalid(key, Long.toString(value), null);
        }
        return value;
    }

    /**
     * Text options must be valid Unicode: the URL and reference forms carry UTF-8, which has no unpaired surrogates.
     */
    private static String checkText(String key, String value) {
        if (value != null && !PercentEncoding.isValidUnicode(value)) {
            throw invalid(key, value, "holds an unpaired surrogate, which UTF-8 cannot carry");
        }
        return value;
    }

    private static List<String> splitPackages(String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            entries.add(entry.strip());
        }
        return entries;
    }

    private static String normalizeNamesrvAddr(String value) {
        if (value == null) {
            throw invalid("namesrvAddr", null, null);
        }
        StringJoiner joined = new StringJoiner(";");
        for (String part : value.split(";", -1)) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            Matcher m = HOST_PORT.matcher(entry);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65_535) {
                throw invalid("namesrvAddr", value, "'" + entry + "' is not host:port");
            }
            joined.add(entry);
        }
        if (joined.length() == 0) {
            throw invalid("namesrvAddr", value, "no address given");
        }
        return joined.toString();
    }

    private static IllegalArgumentException invalid(String key, String value, String detail) {
        String shown = value == null ? "null" : key.equals("password") ? "***" : "'" + value + "'";
        return new IllegalArgumentException("FMQ-JMS-902 " + key + "=" + shown + " is not valid: expected "
                + OPTIONS.get(key).expected() + (detail == null ? "" : " (" + detail + ")"));
    }

    private static IllegalArgumentException badUrl(String what) {
        return new IllegalArgumentException("FMQ-JMS-903 bad FerryMQ URL: " + what
                + "; expected " + URL_PREFIX + "host:port[;host:port...][?option=value&...]");
    }

    /** Decodes a URL parameter name or value; {@code key} names the parameter in errors (null for a name). */
    private static String decodeParameter(String text, String key) {
        try {
            return PercentEncoding.decode(text);
        } catch (IllegalArgumentException e) {
            throw badUrl((key == null ? "a parameter name " : "the value of '" + key + "' ") + e.getMessage());
        }
    }
}
