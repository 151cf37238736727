package io.ferrymq.client;

import io.ferrymq.client.impl.ClientInstance;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.XaRequestHeader;
import io.ferrymq.remoting.protocol.route.BrokerData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The XA requests of a {@link MessagingClient} (docs/xa.md): prepare a branch's part on one broker, end a branch on
 * every master of the cluster, list what the brokers hold in doubt, forget heuristic outcomes. Xids travel as text
 * ({@code formatId:gtridHex:bqualHex}); answers carry the {@code javax.transaction.xa.XAException} constant's name, so
 * this client needs no XA API. Thread-safe.
 */
public final class XaClient {
    /** What a broker (or, for {@link #end}, the cluster) answered: {@code XA_OK} or an XAException code name. */
    public record Answer(String code, String detail) {
        public boolean isOk() {
            return "XA_OK".equals(code);
        }
    }

    /** A message a branch received from a dispatched subscription, with the lease the prepare turns into a hold. */
    public record Held(String group, String topic, int queueId, long offset, long token, int deliveries) {
    }

    /** A branch a broker group holds in doubt: PREPARED, HEURISTIC_COMMITTED or HEURISTIC_ROLLED_BACK. */
    public record InDoubt(String xid, String state, long preparedAt, String brokerName) {
    }

    /** Worst first: how the answers of several brokers combine into the cluster's answer to a commit or rollback. */
    private static final List<String> PRECEDENCE = List.of("XA_HEURMIX", "XA_HEURHAZ", "XA_HEURRB", "XA_HEURCOM",
            "XAER_PROTO", "XAER_INVAL", "XAER_RMERR", "XA_RETRY", "XAER_RMFAIL", "XA_OK", "XAER_NOTA");

    private final ClientInstance client;

    XaClient(ClientInstance client) {
        this.client = client;
    }

    /**
     * Prepares the part of branch {@code xid} stored on broker group {@code brokerName}: the half messages at
     * {@code halves} (commit-log offsets the sends reported) and the messages in {@code held}.
     *
     * @throws ClientException the group has no master now, or it could not be reached or refused the request
     */
    public Answer prepare(String brokerName, String xid, List<Long> halves, List<Held> held) throws ClientException {
        String addr = client.masterAddr(brokerName);
        if (addr == null) {
            // No cached route names the group yet: a connection that only received from a topic created by its own
            // subscription has none (dispatch consumers find their brokers through the cluster list). Ask for that.
            addr = client.clusterMasters().get(brokerName);
        }
        if (addr == null) {
            throw new ClientException(ResponseCode.SYSTEM_ERROR, "FMQ-CLIENT-501 broker group " + brokerName
                    + " has no master now: the branch cannot be prepared there");
        }
        List<Object> heldJson = new ArrayList<>(held.size());
        for (Held h : held) {
            heldJson.add(new JsonObject().put("group", h.group()).put("topic", h.topic()).put("queueId", h.queueId())
                    .put("offset", h.offset()).put("token", h.token()).put("deliveries", h.deliveries()));
        }
        byte[] body = Json.writeBytes(new JsonObject().put("halves", new ArrayList<Object>(halves)).put("held", heldJson));
        return answer(addr, client.invokeBroker(addr, request(RequestCode.XA_PREPARE, xid).body(body),
                client.config().getRequestTimeoutMillis() * 2));
    }

    /**
     * Commits or rolls back branch {@code xid} on every master of the cluster (a recovering transaction manager does
     * not know which hold a part of it). The cluster's answer: XA_OK when some master ended its part and none had a
     * problem, XAER_NOTA when none knew the branch, else the worst problem (an unreachable master is XAER_RMFAIL:
     * it may hold a part, so the branch must be ended again later).
     */
    public Answer end(String xid, boolean commit) throws ClientException {
        return everyMaster(commit ? RequestCode.XA_COMMIT : RequestCode.XA_ROLLBACK, xid);
    }

    /** Forgets a heuristically ended branch on every master; answers as {@link #end}. */
    public Answer forget(String xid) throws ClientException {
        return everyMaster(RequestCode.XA_FORGET, xid);
    }

    private Answer everyMaster(int code, String xid) throws ClientException {
        Map<String, String> masters = client.clusterMasters();
        if (masters.isEmpty()) {
            return new Answer("XAER_RMFAIL", "FMQ-CLIENT-502 the nameservers list no broker master");
        }
        Map<String, CompletableFuture<RemotingCommand>> calls = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : masters.entrySet()) {
            calls.put(m.getKey(), client.invokeBrokerAsync(m.getValue(), request(code, xid),
                    client.config().getRequestTimeoutMillis() * 2));
        }
        Answer worst = null;
        StringBuilder details = new StringBuilder();
        for (Map.Entry<String, CompletableFuture<RemotingCommand>> c : calls.entrySet()) {
            Answer a;
            try {
                a = answer(masters.get(c.getKey()), c.getValue().get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientException("interrupted", e);
            } catch (ExecutionException | ClientException e) {
                a = new Answer("XAER_RMFAIL", "FMQ-CLIENT-503 " + c.getKey() + " unreachable: "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            }
            if (a.detail() != null && !a.isOk()) {
                details.append(details.isEmpty() ? "" : "; ").append(c.getKey()).append(": ").append(a.detail());
            }
            worst = worst == null ? a : combine(worst, a);
        }
        return new Answer(worst.code(), details.isEmpty() ? null : details.toString());
    }

    private static Answer combine(Answer a, Answer b) {
        boolean heuristic = a.code().startsWith("XA_HEUR") || b.code().startsWith("XA_HEUR");
        if (heuristic && (a.isOk() || b.isOk() || !a.code().equals(b.code()))) {
            // Part of the branch ended as asked and part the other way (or two different heuristic outcomes).
            return new Answer("XA_HEURMIX", null);
        }
        int ra = rank(a.code());
        int rb = rank(b.code());
        return ra <= rb ? a : b;
    }

    private static int rank(String code) {
        int i = PRECEDENCE.indexOf(code);
        return i < 0 ? PRECEDENCE.indexOf("XAER_RMERR") : i;
    }

    /**
     * Every branch some broker group holds in doubt. Each group's master is asked; when it cannot be reached a slave
     * answers from the replicated records (it cannot end the branch, but the transaction manager learns of it).
     *
     * @throws ClientException a broker group could not be asked at all: the list would be incomplete
     */
    public List<InDoubt> recover() throws ClientException {
        List<InDoubt> out = new ArrayList<>();
        for (BrokerData group : client.clusterBrokerGroups()) {
            out.addAll(recover(group));
        }
        return out;
    }

    private List<InDoubt> recover(BrokerData group) throws ClientException {
        ClientException last = null;
        // Master first (brokerId 0 sorts first), then the slaves.
        for (String addr : new java.util.TreeMap<>(group.brokerAddrs()).values()) {
            RemotingCommand r;
            try {
                r = client.invokeBroker(addr, request(RequestCode.XA_RECOVER, null), client.config().getRequestTimeoutMillis());
            } catch (ClientException e) {
                last = e;
                continue;
            }
            if (r.code() != ResponseCode.SUCCESS) {
                last = new ClientException(r.code(), "FMQ-CLIENT-504 XA recover on " + addr + ": " + r.remark());
                continue;
            }
            List<InDoubt> out = new ArrayList<>();
            List<Object> rows = r.body() == null ? null : Json.parseObject(r.body()).getArray("branches");
            if (rows != null) {
                for (Object row : rows) {
                    JsonObject b = (JsonObject) row;
                    out.add(new InDoubt(b.getString("xid"), b.getString("state"), b.getLong("preparedAt", 0),
                            group.brokerName()));
                }
            }
            return out;
        }
        throw last != null ? last : new ClientException(ResponseCode.SYSTEM_ERROR, "FMQ-CLIENT-505 broker group "
                + group.brokerName() + " lists no broker");
    }

    private static Answer answer(String addr, RemotingCommand r) throws ClientException {
        if (r.code() != ResponseCode.SUCCESS) {
            throw new ClientException(r.code(), "FMQ-CLIENT-506 XA request refused by " + addr + ": " + r.remark());
        }
        String code = r.ext("xa");
        return new Answer(code == null ? "XAER_RMERR" : code, r.remark());
    }

    private static RemotingCommand request(int code, String xid) {
        XaRequestHeader h = new XaRequestHeader();
        h.xid = xid;
        return RemotingCommand.request(code).header(h);
    }
}
