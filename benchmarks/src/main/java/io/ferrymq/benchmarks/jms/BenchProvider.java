package io.ferrymq.benchmarks.jms;

import jakarta.jms.ConnectionFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * The setup side of the JMS benchmark: starts one provider's broker in this JVM on loopback and hands out its
 * connection factory. The only code that knows which provider runs; {@link JmsLoad} sees the factory alone.
 * Implementations are loaded by name ({@link ProviderRun}), so a JVM links only its own provider's classes.
 */
interface BenchProvider extends AutoCloseable {
    /** A factory for connections to the broker started by {@link #start}. */
    ConnectionFactory connectionFactory();

    /** Starts the broker, with its files under {@code dir}. {@code options} are the run's options. */
    void start(Path dir, JmsOptions options) throws Exception;

    /** The settings the broker and the client run with, one line each, for the report. */
    List<String> settings();

    /**
     * Called after a scenario left messages in {@code queue} that nobody will consume, so that a broker that keeps
     * messages in memory can drop them before the next scenario (the measured figures do not include this).
     *
     * @return a note for the report about the state the queue was in (e.g. that it was paging), or ""
     */
    default String discard(String queue) throws Exception {
        return "";
    }

    @Override
    void close() throws Exception;
}
