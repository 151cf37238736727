package io.ferrymq.broker.filter;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.common.filter.Dialect;
import io.ferrymq.common.filter.FilterExpression;
import io.ferrymq.common.filter.FilterSyntaxException;
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
 * never leave it. Compiled expressions are cached by text. Thread-safe.
 */
public final class SubscriptionFilters {
    public static final String SQL92 = "SQL92";
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

    public SubscriptionFilters(BrokerConfig config) {
        this.config = config;
    }

    /** The filter for a pull under {@code subscription}; null when it takes every message. */
    public QueueEntryFilter filterFor(SubscriptionData subscription) throws RefusedException {
        String type = subscription.expressionType();
        if (isTag(type)) {
            return subscription.subscribesAll() ? null : subscription::acceptsTagsCode;
        }
        String text = subscription.subString() == null ? "" : subscription.subString();
        FilterExpression expression = compiled.get(text);
        if (expression == null) {
            expression = compile(config, type, text);
            if (compiled.size() >= MAX_CACHED) {
                compiled.clear();
            }
            compiled.put(text, expression);
        }
        return expression.isMatchAll() ? null : new PropertyFilter(expression);
    }

    /**
     * Compiles an expression as a pull would (CHECK_CLIENT_CONFIG, sent by consumers with SQL92 subscriptions at
     * start, so a bad expression fails there rather than on every pull).
     */
    public static FilterExpression compile(BrokerConfig config, String type, String text) throws RefusedException {
        if (isTag(type)) {
            return FilterExpression.matchAll(Dialect.ROCKETMQ);
        }
        if (!SQL92.equals(type)) {
            throw new RefusedException(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "FMQ-BROKER-140 expression type "
                    + type + " is not supported; use TAG or SQL92");
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
}
