package io.ferrymq.client;

import io.ferrymq.client.impl.ClientInstance;

/**
 * One client's connections to a cluster (nameserver routes, broker connections, heartbeats), shared by the
 * producers and dispatch consumers made from it: a JMS connection is one of these. Closing it closes everything
 * made from it. Thread-safe.
 */
public final class MessagingClient implements AutoCloseable {
    private final ClientInstance client;
    private final XaClient xa;

    public MessagingClient(ClientConfig config) {
        this.client = new ClientInstance(config);
        this.xa = new XaClient(client);
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

    /** Master address by broker name for every broker group of the cluster; fails if no nameserver answers. */
    public java.util.Map<String, String> clusterMasters() throws ClientException {
        return client.clusterMasters();
    }

    /**
     * Drops a dispatched subscription (its state and offsets) on every master holding the topic; {@code topic} "*"
     * drops every topic of the group on every master of the cluster.
     */
    public void deleteSubscription(String group, String topic) throws ClientException {
        io.ferrymq.remoting.protocol.route.TopicRouteData route = "*".equals(topic) ? null : client.route(topic);
        java.util.Map<String, String> targets = route != null ? DispatchConsumer.masters(route.brokerDatas())
                : client.clusterMasters();
        for (String addr : targets.values()) {
            io.ferrymq.remoting.protocol.header.DispatchRequestHeader h =
                    new io.ferrymq.remoting.protocol.header.DispatchRequestHeader();
            h.consumerGroup = group;
            h.topic = topic;
            io.ferrymq.remoting.protocol.RemotingCommand r = client.invokeBroker(addr,
                    DispatchConsumer.request(io.ferrymq.remoting.protocol.RequestCode.DISPATCH_UNSUBSCRIBE, h),
                    client.config().getRequestTimeoutMillis());
            if (r.code() != io.ferrymq.remoting.ResponseCode.SUCCESS) {
                throw new ClientException(r.code(), "FMQ-CLIENT-311 dropping subscription " + group + " of " + topic
                        + " on " + addr + ": " + r.remark());
            }
        }
    }

    /**
     * The messages of {@code topic} the group has not consumed yet (from its committed offsets, or the start of each
     * queue when it has none), at most {@code limit}, without consuming or leasing anything: a queue browser's view.
     * Messages handed to consumers and not yet acknowledged are included.
     */
    public java.util.List<ReceivedMessage> browse(String group, String topic, int limit) throws ClientException {
        io.ferrymq.remoting.protocol.route.TopicRouteData route = client.route(topic);
        java.util.List<ReceivedMessage> out = new java.util.ArrayList<>();
        if (route == null) {
            return out;
        }
        io.ferrymq.client.impl.PullApi pulls = new io.ferrymq.client.impl.PullApi(client);
        for (MessageQueue mq : MessageQueue.readableQueuesOf(topic, route)) {
            long committed = pulls.queryOffset(group, mq);
            long offset = committed >= 0 ? committed : pulls.minOffset(mq);
            while (out.size() < limit) {
                io.ferrymq.client.impl.PullApi.PullResult r;
                try {
                    r = pulls.pull(group, mq, offset, Math.min(64, limit - out.size()), "*", java.util.Set.of(), 0, -1)
                            .get(client.config().getRequestTimeoutMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClientException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new ClientException("FMQ-CLIENT-312 browsing " + mq + ": " + e.getMessage(), e);
                }
                if (r.messages().isEmpty() && r.nextBeginOffset() <= offset) {
                    break;
                }
                out.addAll(r.messages());
                if (r.nextBeginOffset() <= offset || r.status() != io.ferrymq.client.impl.PullApi.PullResult.Status.FOUND
                        && r.status() != io.ferrymq.client.impl.PullApi.PullResult.Status.NO_MATCHED_MSG) {
                    break;
                }
                offset = r.nextBeginOffset();
            }
        }
        return out;
    }

    /**
     * Reports the outcome of a half message that a producer of these connections stored for {@code producerGroup}
     * (sent with properties {@code TRAN_MSG=true} and {@code PGROUP=producerGroup}), as
     * {@link TransactionProducer#endTransaction} does, without making this client a producer of that group: the
     * broker's back-checks keep going to the group's own producers (a {@link TransactionProducer} with a check
     * listener, or the tx-checker service). Oneway: a lost report is settled by the back-check.
     *
     * @param remark a note the broker logs with the outcome, or null
     * @throws ClientException the half's broker group has no master now (the back-check settles the transaction)
     */
    public void endTransaction(String producerGroup, SendResult half, TransactionState state, String remark)
            throws ClientException {
        TransactionProducer.endTransaction(client, java.util.Objects.requireNonNull(producerGroup, "producerGroup"),
                java.util.Objects.requireNonNull(half, "half"), java.util.Objects.requireNonNull(state, "state"), remark);
    }

    /** The XA requests over these connections (used by the JMS provider's XAResource). */
    public XaClient xa() {
        return xa;
    }

    ClientInstance instance() {
        return client;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
