package io.ferrymq.broker.xa;

import io.ferrymq.broker.transaction.SystemQueueReader;
import io.ferrymq.broker.transaction.TransactionTopics;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.PutResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The XA branch records of this broker: queue 0 of {@link #TOPIC} in the CommitLog, one record per state change of a
 * branch (the whole branch in the body). Stored like messages, they are replicated to slaves like messages, so a slave
 * can list a dead master's prepared branches, and a restart replays them. Every append is forced to disk before it
 * counts, whatever the broker's flush type: a prepare the transaction manager was told about must survive a crash.
 * Stateless apart from the store; safe from any thread.
 */
final class XaBranchLog {
    private static final Logger LOG = LoggerFactory.getLogger(XaBranchLog.class);
    /** The system topic of branch records; no client may read it (it holds received messages' lease tokens). */
    static final String TOPIC = TransactionTopics.XA_BRANCH_TOPIC;
    private static final String OP = "FMQ_XA_OP";
    private static final long APPEND_TIMEOUT_SECONDS = 30;

    /** What a record says happened to its branch. */
    enum Op {
        PREPARED, COMMITTED, ROLLED_BACK, HEURISTIC_COMMITTED, HEURISTIC_ROLLED_BACK, FORGOTTEN;

        /** The branch is over and forgotten: nothing of it is kept once this is read. */
        boolean ends() {
            return this == COMMITTED || this == ROLLED_BACK || this == FORGOTTEN;
        }
    }

    /** A branch as the records left it: its work and the last state written. */
    record Entry(XaBranch branch, Op op) {
    }

    private final MessageStore store;
    private final InetSocketAddress storeHost;
    private final Clock clock;

    XaBranchLog(MessageStore store, InetSocketAddress storeHost, Clock clock) {
        this.store = store;
        this.storeHost = storeHost;
        this.clock = clock;
    }

    /**
     * Appends a record and forces it to disk.
     *
     * @return null when stored, else why not
     */
    String append(Op op, XaBranch branch) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(OP, op.name());
        p.put(DeliveryConst.PROPERTY_XA_BRANCH, branch.xid());
        // The Xid as a key: operators find a branch's records with an ordinary query by key.
        p.put(MessageConst.PROPERTY_KEYS, branch.xid());
        MessageToAppend record = new MessageToAppend(TOPIC, 0, 0, Json.writeBytes(branch.toJson()),
                MessageProperties.encode(p), 0, clock.millis(), storeHost, storeHost, 0, 0L);
        try {
            PutResult r = store.putMessageAsync(record).get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!r.isAppended()) {
                return r.status() + ": " + r.detail();
            }
            store.forceToDisk();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return e.toString();
        }
    }

    /** Every branch the records still describe (prepared or heuristically ended), by Xid, in first-prepared order. */
    Map<String, Entry> replay() {
        Map<String, Entry> branches = new LinkedHashMap<>();
        new SystemQueueReader(store, TOPIC).readFrom(0, record -> apply(record, branches));
        return branches;
    }

    private static void apply(DecodedMessage record, Map<String, Entry> branches) {
        Op op;
        XaBranch branch;
        try {
            op = Op.valueOf(record.property(OP));
            JsonObject body = Json.parseObject(record.body());
            branch = XaBranch.fromJson(body, body.getString("xid"), body.getLong("preparedAt", record.storeTimestamp()));
        } catch (RuntimeException e) {
            LOG.warn("FMQ-XA-060 record at commit-log offset {} in {} is not an XA branch record ({}); ignored",
                    record.physicalOffset(), TOPIC, e.toString());
            return;
        }
        if (op.ends()) {
            branches.remove(branch.xid());
        } else {
            branches.put(branch.xid(), new Entry(branch, op));
        }
    }
}
