package io.ferrymq.broker.client;

import io.ferrymq.remoting.RemotingChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live members of one consumer group and the subscriptions they declared in heartbeats. Members and
 * subscriptions are concurrent maps; the small amount of compound logic is synchronized on this object.
 */
public final class ConsumerGroupInfo {
    private final String group;
    private final Map<RemotingChannel, ClientChannel> members = new ConcurrentHashMap<>();
    private final Map<String, SubscriptionData> subscriptions = new ConcurrentHashMap<>();
    private volatile String consumeType;
    private volatile String messageModel;
    private volatile String consumeFromWhere;

    ConsumerGroupInfo(String group) {
        this.group = group;
    }

    public String group() {
        return group;
    }

    /** Records a heartbeat; true when the member is new (membership changed). */
    synchronized boolean heartbeat(ClientChannel client, String consumeType, String messageModel,
                                   String consumeFromWhere, List<SubscriptionData> subs) {
        this.consumeType = consumeType;
        this.messageModel = messageModel;
        this.consumeFromWhere = consumeFromWhere;
        boolean isNew = members.put(client.channel(), client) == null;
        for (SubscriptionData s : subs) {
            SubscriptionData old = subscriptions.get(s.topic());
            if (old == null || old.subVersion() <= s.subVersion()) {
                subscriptions.put(s.topic(), s);
            }
        }
        return isNew;
    }

    synchronized boolean remove(RemotingChannel channel) {
        return members.remove(channel) != null;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public List<ClientChannel> members() {
        return new ArrayList<>(members.values());
    }

    public List<String> clientIds() {
        List<String> ids = new ArrayList<>();
        for (ClientChannel c : members.values()) {
            ids.add(c.clientId());
        }
        ids.sort(null);
        return ids;
    }

    public SubscriptionData subscription(String topic) {
        return subscriptions.get(topic);
    }

    public Map<String, SubscriptionData> subscriptions() {
        return Map.copyOf(subscriptions);
    }

    public String consumeType() {
        return consumeType;
    }

    public String messageModel() {
        return messageModel;
    }

    public String consumeFromWhere() {
        return consumeFromWhere;
    }
}
