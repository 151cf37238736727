package io.ferrymq.broker.processor;

import io.ferrymq.broker.client.QueueLockTable;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonException;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The queue-lock family of orderly consumers: LOCK_BATCH_MQ answers the subset of the asked queues the
 * client holds afterwards ({@code LockBatchResponseBody}); UNLOCK_BATCH_MQ releases (often sent oneway).
 * Bodies are RocketMQ's {@code LockBatchRequestBody} / {@code UnlockBatchRequestBody}; {@code onlyThisBroker}
 * is accepted and needs no action, as a FerryMQ broker holds only its own locks. Stateless; runs on the
 * client-management executor.
 */
public final class QueueLockProcessor implements RequestProcessor {
    /** More queues than any topic set a consumer could own; a bigger request is not a real client's. */
    static final int MAX_QUEUES_PER_REQUEST = 16_384;

    private final QueueLockTable locks;

    public QueueLockProcessor(QueueLockTable locks) {
        this.locks = locks;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
        LockRequest r;
        try {
            r = LockRequest.parse(request.body());
        } catch (JsonException | IllegalArgumentException | ClassCastException e) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "FMQ-BROKER-131 malformed " + (request.code() == RequestCode.LOCK_BATCH_MQ ? "lock" : "unlock")
                            + " request body: " + e.getMessage());
        }
        if (request.code() == RequestCode.LOCK_BATCH_MQ) {
            Set<QueueLockTable.Queue> held = locks.tryLock(r.group(), r.clientId(), r.queues());
            List<Object> ok = new ArrayList<>(held.size());
            for (QueueLockTable.Queue q : held) {
                ok.add(new JsonObject().put("brokerName", q.brokerName()).put("queueId", q.queueId())
                        .put("topic", q.topic()));
            }
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    .body(Json.writeBytes(new JsonObject().put("lockOKMQSet", ok)));
        }
        locks.unlock(r.group(), r.clientId(), r.queues());
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    /** A decoded lock or unlock body. */
    private record LockRequest(String group, String clientId, List<QueueLockTable.Queue> queues) {
        static LockRequest parse(byte[] body) {
            if (body == null || body.length == 0) {
                throw new IllegalArgumentException("the body is empty");
            }
            JsonObject o = Json.parseObject(body);
            String group = required(o, "consumerGroup");
            String clientId = required(o, "clientId");
            List<Object> raw = o.getArray("mqSet");
            if (raw == null) {
                throw new IllegalArgumentException("mqSet is missing");
            }
            if (raw.size() > MAX_QUEUES_PER_REQUEST) {
                throw new IllegalArgumentException("mqSet has " + raw.size() + " queues, more than "
                        + MAX_QUEUES_PER_REQUEST);
            }
            List<QueueLockTable.Queue> queues = new ArrayList<>(raw.size());
            for (Object entry : raw) {
                JsonObject mq = (JsonObject) entry;
                int queueId = mq.getInt("queueId", -1);
                if (queueId < 0) {
                    throw new IllegalArgumentException("a queue in mqSet has no valid queueId");
                }
                queues.add(new QueueLockTable.Queue(required(mq, "topic"), required(mq, "brokerName"), queueId));
            }
            return new LockRequest(group, clientId, queues);
        }

        private static String required(JsonObject o, String key) {
            String v = o.getString(key);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException(key + " is missing");
            }
            return v;
        }
    }
}
