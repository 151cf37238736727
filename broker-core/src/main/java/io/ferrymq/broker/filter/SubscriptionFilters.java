package io.ferrymq.broker.filter;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.common.filter.Dialect;
import io.ferrymq.common.filter.FilterExpression;
import io.ferrymq.common.filter.FilterSyntaxException;
import io.ferrymq.common.jms.JmsSelectorProperties;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.store.QueueEntryFilter;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a subscription into the store's filter: a TAG subscription matches tag hash codes in the ConsumeQueue
 * (the client checks the tag string itself); an SQL92 subscription is compiled with the common filter engine
 * (RocketMQ dialect) and evaluated on each candidate record's properties in the broker, so rejected messages
 * never leave it. A JMS subscription (FerryMQ's extension, {@link #JMS}) is a Jakarta Messaging selector, compiled
 * in the JMS dialect and evaluated on the typed values of the JMS wire format ({@link JmsSelectorProperties}).
 * Compiled expressions are cached by type and text. Thread-safe.
 */
public final class SubscriptionFilters {
    public static final String SQL92 = "SQL92";
    /** A JMS message selector on JMS-encoded messages (docs/filters.md); sent by FerryMQ's client only. */
    public static final String JMS = JmsSelectorProperties.EXPRESSION_TYPE;
    /** Distinct expression texts kept compiled; past this the cache starts over (expressions are few in practice). */
    private static final int MAX_CACHED = 4_096;

    /** A subscription the broker cannot serve; {@link #responseCode()} is what the client is answered. */
    public static final class RefusedException extends Exception {
        private final int responseCode;

        RefusedException(int responseCode, String message) {
            super(message, null, false, false);
            this.responseCode = responseCode;
        }

        public int responseCode() {
            return responseCode;
        }
    }

    private final BrokerConfig config;
    private final Map<String, FilterExpression> compiled = new ConcurrentHashMap<>();
    private final Map<String, FilterExpression> compiledJms = new ConcurrentHashMap<>();

    public SubscriptionFilters(BrokerConfig config) {
        this.config = config;
    }

    /** The filter for a pull under {@code subscription}; null when it takes every message. */
    public QueueEntryFilter filterFor(SubscriptionData subscription) throws RefusedException {
        String type = subscription.expressionType();
        if (isTag(type)) {
            return subscription.subscribesAll() ? null : subscription::acceptsTagsCode;
        }
        return filterFor(type, subscription.subString());
    }

    /**
     * The store filter for an expression of {@code expressionType}: {@code TAG} (null or empty too; tag hash codes,
     * as the ConsumeQueue stores them, so tags sharing a hash code pass and the consumer checks the tag string),
     * {@code SQL92} or {@link #JMS}. Null when it takes every message. A new filter per call: it is meant for one
     * read at a time (one thread), not to be shared.
     *
     * @throws RefusedException for an unknown type, an expression that does not compile (with the filter engine's
     *                          position and cause), or a property filter on a broker with enablePropertyFilter=false
     */
    public QueueEntryFilter filterFor(String expressionType, String expression) throws RefusedException {
        if (isTag(expressionType)) {
            SubscriptionData tags = SubscriptionData.ofTagExpression("", expression, 0);
            return tags.subscribesAll() ? null : tags::acceptsTagsCode;
        }
        String text = expression == null ? "" : expression;
        Map<String, FilterExpression> cache = JMS.equals(expressionType) ? compiledJms : compiled;
        FilterExpression compiledExpression = cache.get(text);
        if (compiledExpression == null) {
            compiledExpression = compile(config, expressionType, text);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(text, compiledExpression);
        }
        if (compiledExpression.isMatchAll()) {
            return null;
        }
        return JMS.equals(expressionType) ? new JmsSelectorFilter(compiledExpression)
                : new PropertyFilter(compiledExpression);
    }

    /**
     * Compiles an expression as a pull would (CHECK_CLIENT_CONFIG, sent by consumers with SQL92 subscriptions at
     * start, so a bad expression fails there rather than on every pull).
     */
    public static FilterExpression compile(BrokerConfig config, String type, String text) throws RefusedException {
        if (isTag(type)) {
            return FilterExpression.matchAll(Dialect.ROCKETMQ);
        }
        if (JMS.equals(type)) {
            return compileJms(config, text);
        }
        if (!SQL92.equals(type)) {
            throw new RefusedException(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "FMQ-BROKER-140 expression type "
                    + type + " is not supported; use TAG or SQL92 (or JMS, FerryMQ's JMS selectors)");
        }
        if (!config.isEnablePropertyFilter()) {
            throw new RefusedException(ResponseCode.SYSTEM_ERROR, "FMQ-BROKER-141 The broker does not support consumer"
                    + " to filter message by SQL92: enablePropertyFilter is false on this broker");
        }
        try {
            return FilterExpression.compile(text, Dialect.ROCKETMQ);
        } catch (FilterSyntaxException e) {
            throw new RefusedException(ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                    "FMQ-BROKER-142 SQL92 expression does not parse: " + e.getMessage());
        }
    }

    private static FilterExpression compileJms(BrokerConfig config, String text) throws RefusedException {
        if (!config.isEnablePropertyFilter()) {
            throw new RefusedException(ResponseCode.SYSTEM_ERROR, "FMQ-BROKER-144 JMS selectors cannot be evaluated"
                    + " by this broker: enablePropertyFilter is false; set it to true or evaluate the selector in the"
                    + " client");
        }
        try {
            return FilterExpression.compile(text, Dialect.JMS);
        } catch (FilterSyntaxException e) {
            throw new RefusedException(ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                    "FMQ-BROKER-143 JMS selector does not parse: " + e.getMessage());
        }
    }

    private static boolean isTag(String type) {
        return type == null || type.isEmpty() || SubscriptionData.TAG.equals(type);
    }

    /**
     * Evaluates a compiled expression on record properties. The ConsumeQueue's tag code says nothing about
     * properties, so every entry is a candidate and the record decides. One per pull: it reuses its property
     * reader from record to record.
     */
    private static final class PropertyFilter implements QueueEntryFilter {
        private final FilterExpression expression;
        private final RecordProperties properties;

        PropertyFilter(FilterExpression expression) {
            this.expression = expression;
            this.properties = new RecordProperties(List.copyOf(expression.identifiers()));
        }

        @Override
        public boolean accept(long tagsCode) {
            return true;
        }

        @Override
        public boolean readsRecords() {
            return true;
        }

        @Override
        public boolean acceptRecord(ByteBuffer record) {
            return properties.reset(record) && expression.matches(properties);
        }
    }

    /**
     * Evaluates a compiled JMS selector on a record's JMS wire properties with their JMS types restored. Reads only
     * the wire names the selector's identifiers map to. One per pull, like {@link PropertyFilter}.
     */
    private static final class JmsSelectorFilter implements QueueEntryFilter {
        private final FilterExpression expression;
        private final RecordProperties record;
        private final JmsSelectorProperties properties;

        JmsSelectorFilter(FilterExpression expression) {
            this.expression = expression;
            this.record = new RecordProperties(JmsSelectorProperties.wireNames(expression.identifiers()));
            this.properties = JmsSelectorProperties.over(record);
        }

        @Override
        public boolean accept(long tagsCode) {
            return true;
        }

        @Override
        public boolean readsRecords() {
            return true;
        }

        @Override
        public boolean acceptRecord(ByteBuffer buffer) {
            return record.reset(buffer) && expression.matches(properties);
        }
    }
}
