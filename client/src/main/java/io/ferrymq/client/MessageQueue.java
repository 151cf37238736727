package io.ferrymq.client;

import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One queue of a topic on one broker group. Immutable; ordered by topic, broker, queue id. */
public record MessageQueue(String topic, String brokerName, int queueId) implements Comparable<MessageQueue> {

    /** Every readable queue a route offers for {@code topic}, sorted. */
    public static List<MessageQueue> readableQueuesOf(String topic, TopicRouteData route) {
        List<MessageQueue> queues = new ArrayList<>();
        for (QueueData q : route.queueDatas()) {
            if (PermName.isReadable(q.perm())) {
                for (int i = 0; i < q.readQueueNums(); i++) {
                    queues.add(new MessageQueue(topic, q.brokerName(), i));
                }
            }
        }
        Collections.sort(queues);
        return queues;
    }

    @Override
    public int compareTo(MessageQueue o) {
        int c = topic.compareTo(o.topic);
        if (c != 0) {
            return c;
        }
        c = brokerName.compareTo(o.brokerName);
        return c != 0 ? c : Integer.compare(queueId, o.queueId);
    }
}
