package io.ferrymq.client.impl;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * LOCK_BATCH_MQ and UNLOCK_BATCH_MQ against the master of a broker group, for orderly consumers. Stateless over
 * a {@link ClientInstance}; safe from any thread.
 */
final class QueueLockApi {
    private final ClientInstance client;

    QueueLockApi(ClientInstance client) {
        this.client = client;
    }

    /**
     * Locks or renews {@code queues} (all of one broker group) for this client.
     *
     * @return the queues this client holds now
     */
    Set<MessageQueue> lock(String brokerName, String group, Collection<MessageQueue> queues) throws ClientException {
        RemotingCommand r = client.invokeBroker(masterOf(brokerName), RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                .body(body(group, queues)), client.config().getRequestTimeoutMillis());
        if (r.code() != ResponseCode.SUCCESS) {
            throw new ClientException(r.code(), "FMQ-CLIENT-201 locking queues of " + brokerName + ": " + r.remark());
        }
        Set<MessageQueue> held = new HashSet<>();
        List<Object> ok = r.body() == null ? null : Json.parseObject(r.body()).getArray("lockOKMQSet");
        if (ok != null) {
            for (Object o : ok) {
                JsonObject mq = (JsonObject) o;
                held.add(new MessageQueue(mq.getString("topic"), mq.getString("brokerName"), mq.getInt("queueId", -1)));
            }
        }
        return held;
    }

    /** Releases {@code queues} (all of one broker group) and waits for the broker's answer. */
    void unlock(String brokerName, String group, Collection<MessageQueue> queues) throws ClientException {
        RemotingCommand r = client.invokeBroker(masterOf(brokerName), RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ)
                .body(body(group, queues)), client.config().getRequestTimeoutMillis());
        if (r.code() != ResponseCode.SUCCESS) {
            throw new ClientException(r.code(), "FMQ-CLIENT-202 unlocking queues of " + brokerName + ": " + r.remark());
        }
    }

    /** Locks live on masters only: a slave never takes part in orderly consumption. */
    private String masterOf(String brokerName) throws ClientException {
        String addr = client.masterAddr(brokerName);
        if (addr == null) {
            throw new ClientException(ResponseCode.SERVICE_NOT_AVAILABLE,
                    "FMQ-CLIENT-203 broker group " + brokerName + " has no master to lock queues on");
        }
        return addr;
    }

    private byte[] body(String group, Collection<MessageQueue> queues) {
        List<Object> mqs = new ArrayList<>(queues.size());
        for (MessageQueue q : queues) {
            mqs.add(new JsonObject().put("brokerName", q.brokerName()).put("queueId", q.queueId()).put("topic", q.topic()));
        }
        return Json.writeBytes(new JsonObject().put("clientId", client.clientId()).put("consumerGroup", group)
                .put("mqSet", mqs).put("onlyThisBroker", false));
    }
}
