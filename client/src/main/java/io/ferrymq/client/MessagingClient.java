package io.ferrymq.client;

import io.ferrymq.client.impl.ClientInstance;

/**
 * One client's connections to a cluster (nameserver routes, broker connections, heartbeats), shared by the
 * producers and dispatch consumers made from it: a JMS connection is one of these. Closing it closes everything
 * made from it. Thread-safe.
 */
public final class MessagingClient implements AutoCloseable {
    private final ClientInstance client;

    public MessagingClient(ClientConfig config) {
        this.client = new ClientInstance(config);
    }

    public void start() throws ClientException {
        client.start();
    }

    public String clientId() {
        return client.clientId();
    }

    public ClientConfig config() {
        return client.config();
    }

    /**
     * Asks every broker of the cluster now whether it accepts this client's credentials
     * ({@link ClientConfig#setCredentials}); before or after {@link #start()}. See {@link CredentialsCheck#verify}.
     *
     * @throws ClientAuthenticationException a broker refused the credentials (or their absence)
     * @throws ClientException no broker could answer
     */
    public void verifyCredentials() throws ClientException {
        client.verifyCredentials();
    }

    /** A producer over these connections; closing it leaves the connections open. */
    public Producer newProducer(String group) {
        return new Producer(group, client, false);
    }

    /** A consumer of {@code topic} through per-message dispatch, sharing these connections; call start(). */
    public DispatchConsumer newDispatchConsumer(String group, String topic, DispatchConsumer.Options options) {
        return new DispatchConsumer(client, group, topic, options);
    }

    ClientInstance instance() {
        return client;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
