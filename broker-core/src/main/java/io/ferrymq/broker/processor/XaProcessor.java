package io.ferrymq.broker.processor;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.xa.XaBranch;
import io.ferrymq.broker.xa.XaOutcome;
import io.ferrymq.broker.xa.XaService;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.XaRequestHeader;
import io.ferrymq.store.MessageStore;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The XA family (FerryMQ's XA_* codes): decodes, checks and answers; the branches are {@link XaService}'s. A master
 * serves all of them; a slave answers XA_RECOVER from the replicated branch records (so a transaction manager learns
 * what a dead master has in doubt) and refuses the rest. Runs on the XA executor; requests block while records are
 * stored.
 */
public final class XaProcessor implements RequestProcessor {
    /** formatId, then the global transaction id (1-64 bytes) and branch qualifier (0-64 bytes) in lower-case hex. */
    private static final Pattern XID = Pattern.compile("-?\\d{1,10}:([0-9a-f]{2}){1,64}:([0-9a-f]{2}){0,64}");
    private static final int MAX_BRANCH_ENTRIES = 100_000;

    private final BrokerConfig config;
    private final MessageStore store;
    private final XaService xa;

    /** @param xa null on a slave */
    public XaProcessor(BrokerConfig config, MessageStore store, XaService xa) {
        this.config = config;
        this.store = store;
        this.xa = xa;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception {
        XaRequestHeader h = request.header(XaRequestHeader.class);
        if (request.code() == RequestCode.XA_RECOVER) {
            return recover(request);
        }
        if (xa == null) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, "FMQ-XA-050 XA branches are ended"
                    + " by the master of " + config.getBrokerName() + ", not by a slave");
        }
        if (h.xid == null || !XID.matcher(h.xid).matches()) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, "FMQ-XA-051 xid '" + h.xid
                    + "' is not formatId:gtridHex:bqualHex (1-64 and 0-64 bytes, lower-case hex)");
        }
        XaOutcome outcome = switch (request.code()) {
            case RequestCode.XA_PREPARE -> {
                XaBranch branch;
                try {
                    branch = branch(h.xid, request.body());
                } catch (RuntimeException unreadable) {
                    yield null;
                }
                yield xa.prepare(branch);
            }
            case RequestCode.XA_COMMIT -> xa.commit(h.xid);
            case RequestCode.XA_ROLLBACK -> xa.rollback(h.xid);
            case RequestCode.XA_FORGET -> xa.forget(h.xid);
            default -> XaOutcome.of("XAER_INVAL", "request code " + request.code() + " is not an XA request");
        };
        if (outcome == null) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, "FMQ-XA-052 the prepare's body is"
                    + " not {\"halves\":[offsets], \"held\":[{group, topic, queueId, offset, token}]} (at most "
                    + MAX_BRANCH_ENTRIES + " entries)");
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, outcome.detail()).putExt("xa", outcome.code());
    }

    private static XaBranch branch(String xid, byte[] body) {
        if (body == null || body.length == 0) {
            return new XaBranch(xid, 0, List.of(), List.of());
        }
        XaBranch b = XaBranch.fromJson(Json.parseObject(body), xid, 0);
        if (b.halves().size() + b.held().size() > MAX_BRANCH_ENTRIES) {
            throw new IllegalArgumentException("too many entries");
        }
        return b;
    }

    private RemotingCommand recover(RemotingCommand request) {
        List<XaService.BranchStatus> branches = xa != null ? xa.inDoubt() : XaService.inDoubtFromRecords(store);
        List<Object> rows = new ArrayList<>(branches.size());
        for (XaService.BranchStatus b : branches) {
            rows.add(new JsonObject().put("xid", b.xid()).put("state", b.state()).put("preparedAt", b.preparedAt())
                    .put("halves", b.halves()).put("held", b.held()));
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .body(Json.writeBytes(new JsonObject().put("branches", rows)));
    }
}
