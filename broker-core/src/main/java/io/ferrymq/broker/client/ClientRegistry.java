package io.ferrymq.broker.client;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The producers and consumers connected to this broker, by group, learned from heartbeats and forgotten
 * when they unregister, their connection closes, or they fall silent. Tells a consumer group's members
 * when its membership changes so they rebalance at once. Safe from any thread.
 */
public final class ClientRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistry.class);

    private final Map<String, ConsumerGroupInfo> consumers = new ConcurrentHashMap<>();
    private final Map<String, Map<RemotingChannel, ClientChannel>> producers = new ConcurrentHashMap<>();

    public void producerHeartbeat(String group, ClientChannel client) {
        producers.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(client.channel(), client);
    }

    public void consumerHeartbeat(String group, ClientChannel client, String consumeType, String messageModel,
                                  String consumeFromWhere, List<SubscriptionData> subscriptions) {
        ConsumerGroupInfo info = consumers.computeIfAbsent(group, ConsumerGroupInfo::new);
        if (info.heartbeat(client, consumeType, messageModel, consumeFromWhere, subscriptions)) {
            LOG.info("FMQ-BROKER-040 consumer {} joined group {} from {}", client.clientId(), group,
                    client.channel().remoteAddressText());
            notifyIdsChanged(info);
        }
    }

    public void unregisterProducer(String group, RemotingChannel channel) {
        Map<RemotingChannel, ClientChannel> members = producers.get(group);
        if (members != null) {
            members.remove(channel);
        }
    }

    public void unregisterConsumer(String group, RemotingChannel channel) {
        ConsumerGroupInfo info = consumers.get(group);
        if (info != null && info.remove(channel)) {
            LOG.info("FMQ-BROKER-041 consumer at {} left group {}", channel.remoteAddressText(), group);
            notifyIdsChanged(info);
        }
    }

    public ConsumerGroupInfo consumerGroup(String group) {
        return consumers.get(group);
    }

    public Set<String> consumerGroups() {
        return Set.copyOf(consumers.keySet());
    }

    /** Live producer channels of a group (for transaction back-checks). */
    public List<ClientChannel> producersOf(String group) {
        Map<RemotingChannel, ClientChannel> members = producers.get(group);
        return members == null ? List.of() : new ArrayList<>(members.values());
    }

    /** Forgets every registration made over a connection that closed. */
    public void onChannelClosed(RemotingChannel channel) {
        for (Map<RemotingChannel, ClientChannel> members : producers.values()) {
            members.remove(channel);
        }
        for (ConsumerGroupInfo info : consumers.values()) {
            if (info.remove(channel)) {
                LOG.info("FMQ-BROKER-042 consumer at {} of group {} disconnected", channel.remoteAddressText(),
                        info.group());
                notifyIdsChanged(info);
            }
        }
    }

    /** Forgets clients whose last heartbeat is older than {@code timeoutMillis}, closing their channels. */
    public void dropSilent(long now, long timeoutMillis) {
        List<RemotingChannel> silent = new ArrayList<>();
        for (Map<RemotingChannel, ClientChannel> members : producers.values()) {
            members.values().stream().filter(c -> now - c.lastUpdate() > timeoutMillis).forEach(c -> silent.add(c.channel()));
        }
        for (ConsumerGroupInfo info : consumers.values()) {
            info.members().stream().filter(c -> now - c.lastUpdate() > timeoutMillis).forEach(c -> silent.add(c.channel()));
        }
        for (RemotingChannel ch : silent) {
            LOG.info("FMQ-BROKER-043 client at {} silent for more than {} ms; closing", ch.remoteAddressText(), timeoutMillis);
            onChannelClosed(ch);
            ch.close();
        }
    }

    private static void notifyIdsChanged(ConsumerGroupInfo info) {
        for (ClientChannel member : info.members()) {
            RemotingCommand notify = RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                    .putExt("consumerGroup", info.group());
            member.channel().invokeOneway(notify);
        }
    }
}
