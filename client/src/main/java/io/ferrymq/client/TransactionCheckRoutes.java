package io.ferrymq.client;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Routes the back-checks of one producer group to different checkers: by the half message's topic, by one of its
 * properties, or by any predicate; the first matching route in the order they were added answers, else the default.
 * For example, orders checked against the order database and payments against the payment service:
 *
 * <pre>{@code
 * TransactionCheckListener checks = new TransactionCheckRoutes(defaultChecker)
 *         .forTopic("orders", ordersChecker)
 *         .forProperty("tenant", "acme", acmeChecker);
 * }</pre>
 *
 * Thread-safe; routes may be added while checks run.
 */
public final class TransactionCheckRoutes implements TransactionCheckListener {
    private record Route(Predicate<ReceivedMessage> matches, TransactionCheckListener listener) {
    }

    private final TransactionCheckListener defaultListener;
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /** @param defaultListener answers the checks no route matches */
    public TransactionCheckRoutes(TransactionCheckListener defaultListener) {
        this.defaultListener = Objects.requireNonNull(defaultListener, "defaultListener");
    }

    /** Checks of half messages sent to {@code topic}. */
    public TransactionCheckRoutes forTopic(String topic, TransactionCheckListener listener) {
        Objects.requireNonNull(topic, "topic");
        return when(m -> topic.equals(m.topic()), listener);
    }

    /** Checks of half messages whose property {@code name} equals {@code value}. */
    public TransactionCheckRoutes forProperty(String name, String value, TransactionCheckListener listener) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return when(m -> value.equals(m.property(name)), listener);
    }

    /** Checks of half messages {@code matches} accepts. */
    public TransactionCheckRoutes when(Predicate<ReceivedMessage> matches, TransactionCheckListener listener) {
        routes.add(new Route(Objects.requireNonNull(matches, "matches"), Objects.requireNonNull(listener, "listener")));
        return this;
    }

    /** The listener that answers checks of {@code halfMessage}. */
    public TransactionCheckListener listenerFor(ReceivedMessage halfMessage) {
        for (Route r : routes) {
            if (r.matches().test(halfMessage)) {
                return r.listener();
            }
        }
        return defaultListener;
    }

    @Override
    public TransactionState check(ReceivedMessage halfMessage) throws Exception {
        return listenerFor(halfMessage).check(halfMessage);
    }
}
