package io.ferrymq.client.impl;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.HalfMessageInfo;
import io.ferrymq.client.TransactionState;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.HalfMessageAdminRequestHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The half-message admin calls (list, resolve by hand, resume checks) against the masters of a cluster, for
 * {@link io.ferrymq.client.AdminClient}. Stateless apart from the client underneath; thread-safe.
 */
public final class HalfMessageAdmin {
    private final ClientInstance client;

    public HalfMessageAdmin(ClientInstance client) {
        this.client = client;
    }

    /** Unresolved half messages on the given masters (brokerName → address), oldest first per broker. */
    public List<HalfMessageInfo> list(Map<String, String> masters, String producerGroup, String topic, int limit)
            throws ClientException {
        List<HalfMessageInfo> all = new ArrayList<>();
        for (Map.Entry<String, String> master : masters.entrySet()) {
            HalfMessageAdminRequestHeader h = new HalfMessageAdminRequestHeader();
            h.producerGroup = producerGroup;
            h.topic = topic;
            h.limit = limit;
            RemotingCommand r = call(master.getValue(), RequestCode.LIST_HALF_MESSAGES, h);
            check(r, "listing half messages on " + master.getValue());
            for (Object o : Json.parseObject(r.body()).getArray("halfMessages")) {
                all.add(info(master.getKey(), master.getValue(), (JsonObject) o));
            }
        }
        return all;
    }

    private static HalfMessageInfo info(String brokerName, String addr, JsonObject o) {
        return new HalfMessageInfo(brokerName, addr, o.getString("transactionId"), o.getString("topic"),
                o.getInt("queueId", 0), o.getString("producerGroup"), o.getString("keys"),
                o.getLong("commitLogOffset", -1), o.getLong("queueOffset", -1), o.getLong("bornTimestamp", 0),
                o.getLong("storeTimestamp", 0), o.getLong("ageMillis", 0), o.getInt("checks", 0),
                o.getLong("lastCheckTimestamp", 0), o.getString("lastAnswer"), o.getString("lastCheckedAt"),
                o.getBoolean("parked", false));
    }

    /**
     * Commits or rolls back the unresolved half message {@code transactionId} on whichever master holds it.
     *
     * @return false when no master holds such an unresolved half message
     */
    public boolean resolve(Map<String, String> masters, String transactionId, TransactionState outcome)
            throws ClientException {
        if (outcome == TransactionState.UNKNOWN) {
            throw new IllegalArgumentException("FMQ-CLIENT-080 resolve by hand with COMMIT or ROLLBACK, not UNKNOWN");
        }
        for (String addr : masters.values()) {
            HalfMessageAdminRequestHeader h = new HalfMessageAdminRequestHeader();
            h.transactionId = transactionId;
            h.action = outcome.name();
            RemotingCommand r = call(addr, RequestCode.RESOLVE_HALF_MESSAGE, h);
            if (r.code() == ResponseCode.QUERY_NOT_FOUND) {
                continue;
            }
            check(r, outcome + " of " + transactionId + " on " + addr);
            return true;
        }
        return false;
    }

    /** Resumes the checks of parked half messages (one by id, else a group's, else all) on every master. */
    public int resume(Map<String, String> masters, String transactionId, String producerGroup) throws ClientException {
        int resumed = 0;
        for (String addr : masters.values()) {
            HalfMessageAdminRequestHeader h = new HalfMessageAdminRequestHeader();
            h.transactionId = transactionId;
            h.producerGroup = producerGroup;
            RemotingCommand r = call(addr, RequestCode.RESUME_HALF_MESSAGES, h);
            check(r, "resuming half messages on " + addr);
            resumed += Integer.parseInt(r.ext("resumed"));
        }
        return resumed;
    }

    private RemotingCommand call(String addr, int code, HalfMessageAdminRequestHeader h) throws ClientException {
        return client.invokeBroker(addr, RemotingCommand.request(code).header(h), client.config().getRequestTimeoutMillis());
    }

    private static void check(RemotingCommand r, String what) throws ClientException {
        if (r.code() != ResponseCode.SUCCESS) {
            throw new ClientException(r.code(), "FMQ-CLIENT-081 " + what + " failed (" + r.code() + "): " + r.remark());
        }
    }
}
