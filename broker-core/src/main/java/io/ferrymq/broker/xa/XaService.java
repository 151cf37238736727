package io.ferrymq.broker.xa;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.dispatch.DispatchService;
import io.ferrymq.broker.transaction.HalfMessageStatus;
import io.ferrymq.broker.transaction.Resolution;
import io.ferrymq.broker.transaction.ResolvedBy;
import io.ferrymq.broker.transaction.TransactionOutcome;
import io.ferrymq.broker.transaction.TransactionService;
import io.ferrymq.common.config.ConfigException;
import io.ferrymq.common.util.DaemonThreads;
import io.ferrymq.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * XA branches on a master (docs/xa.md). A branch's sends arrive first as half messages tagged with its Xid
 * ({@code FMQ_XA_BRANCH}); its prepare names them and the messages its receives hold, turns those leases into holds
 * that never expire, and stores a PREPARED record (forced to disk) before answering. Commit resolves the halves
 * (delivering them) and acknowledges the held messages; rollback discards the halves and makes the held messages
 * ready again. Both are idempotent against a crash half-way: resolving a half or ending a hold twice does nothing.
 *
 * <p>The back-check never asks about an XA half; instead two policies run every {@code xaCheckInterval}: a branch
 * prepared longer than {@code xaHeuristicTimeout} gets {@code xaHeuristicOutcome} and is reported as heuristically
 * ended until its transaction manager forgets it; halves of a branch that never prepared are rolled back after
 * {@code xaUnpreparedHalfTimeout}.
 *
 * <p>Lifecycle from the broker's starting thread: {@link #recover()} (after the dispatch state is loaded and the
 * transaction service recovered), {@link #start()}, {@link #shutdown()}. Requests may call the rest from any thread;
 * they block while records are stored.
 */
public final class XaService {
    private static final Logger LOG = LoggerFactory.getLogger(XaService.class);
    private static final long RESOLVE_TIMEOUT_SECONDS = 30;
    /** How long a received message stays leased when a prepare that held it fails: the client rolls back meanwhile. */
    private static final long LEASE_AFTER_FAILED_PREPARE_MILLIS = 60_000;

    /** One branch as {@code XA_RECOVER} reports it. */
    public record BranchStatus(String xid, String state, long preparedAt, int halves, int held) {
    }

    private final BrokerConfig config;
    private final TransactionService transactions;
    private final DispatchService dispatch;
    private final Runnable saveDispatchState;
    private final XaBranchLog log;
    private final Clock clock;
    private final XaBranchTable table = new XaBranchTable();
    private final ScheduledExecutorService policyThread =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("ferrymq-xa-policy"));

    /**
     * @param saveDispatchState writes the dispatch state (and the offsets it depends on) to disk now: holds must
     *                          survive a crash right after the prepare is answered
     */
    public XaService(BrokerConfig config, int fileReservedHours, MessageStore store, InetSocketAddress storeHost,
                     TransactionService transactions, DispatchService dispatch, Runnable saveDispatchState, Clock clock) {
        validate(config, fileReservedHours);
        this.config = config;
        this.transactions = transactions;
        this.dispatch = dispatch;
        this.saveDispatchState = saveDispatchState;
        this.log = new XaBranchLog(store, storeHost, clock);
        this.clock = clock;
    }

    /** Refuses XA settings that make no sense, before the broker starts serving. */
    public static void validate(BrokerConfig c, int fileReservedHours) {
        if (c.getXaHeuristicTimeout() < 1_000) {
            throw new ConfigException("FMQ-XA-001 xaHeuristicTimeout must be at least 1000 ms, not "
                    + c.getXaHeuristicTimeout());
        }
        if (c.getXaHeuristicTimeout() >= fileReservedHours * 3_600_000L) {
            throw new ConfigException("FMQ-XA-002 xaHeuristicTimeout (" + c.getXaHeuristicTimeout() + " ms) must be"
                    + " shorter than fileReservedTime (" + fileReservedHours + " h): retention would delete prepared"
                    + " work before the policy ends it");
        }
        if (c.getXaUnpreparedHalfTimeout() < 1_000) {
            throw new ConfigException("FMQ-XA-003 xaUnpreparedHalfTimeout must be at least 1000 ms, not "
                    + c.getXaUnpreparedHalfTimeout());
        }
        if (c.getXaCheckInterval() < 10) {
            throw new ConfigException("FMQ-XA-004 xaCheckInterval must be at least 10 ms, not " + c.getXaCheckInterval());
        }
    }

    /** Rebuilds the branches from their records and holds their received messages again. */
    public void recover() {
        int prepared = 0;
        int heuristic = 0;
        for (XaBranchLog.Entry e : log.replay().values()) {
            XaBranch b = e.branch();
            switch (e.op()) {
                case PREPARED -> {
                    table.restore(b, XaBranchTable.State.PREPARED);
                    List<XaBranch.HeldMessage> settled = restoreHolds(b);
                    if (!settled.isEmpty()) {
                        LOG.info("FMQ-XA-011 prepared branch {}: {} of its {} received messages were acknowledged"
                                + " before the restart (a commit was under way)", b.xid(), settled.size(), b.held().size());
                    }
                    prepared++;
                }
                case HEURISTIC_COMMITTED -> {
                    table.restore(b, XaBranchTable.State.HEURISTIC_COMMITTED);
                    heuristic++;
                }
                case HEURISTIC_ROLLED_BACK -> {
                    table.restore(b, XaBranchTable.State.HEURISTIC_ROLLED_BACK);
                    heuristic++;
                }
                default -> {
                }
            }
        }
        LOG.info("FMQ-XA-010 recovered {} prepared and {} heuristically ended XA branch(es)", prepared, heuristic);
    }

    private List<XaBranch.HeldMessage> restoreHolds(XaBranch b) {
        List<XaBranch.HeldMessage> settled = new ArrayList<>();
        bySubscription(b.held()).forEach((subscription, held) -> {
            List<DispatchService.Entry> gone = dispatch.restorePrepared(subscription.get(0), subscription.get(1),
                    entries(held));
            for (DispatchService.Entry g : gone) {
                settled.add(held.stream().filter(h -> h.queueId() == g.queueId() && h.offset() == g.offset())
                        .findFirst().orElseThrow());
            }
        });
        return settled;
    }

    /** Starts applying the policies for abandoned branches and unprepared halves. */
    public void start() {
        long every = config.getXaCheckInterval();
        policyThread.scheduleWithFixedDelay(this::applyPoliciesQuietly, every, every, TimeUnit.MILLISECONDS);
        LOG.info("FMQ-XA-005 XA branches prepared longer than {} ms get {}; halves of branches never prepared are"
                + " rolled back after {} ms", config.getXaHeuristicTimeout(), config.getXaHeuristicOutcome(),
                config.getXaUnpreparedHalfTimeout());
    }

    public void shutdown() {
        policyThread.shutdownNow();
        try {
            policyThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the two phases

    /**
     * Prepares a branch: checks that every named half is this branch's, holds every named received message, and
     * stores the PREPARED record. All or nothing: on any failure nothing stays held and the answer says why (the
     * client then rolls its branch back).
     */
    public XaOutcome prepare(XaBranch requested) {
        XaBranch branch = new XaBranch(requested.xid(), clock.millis(), requested.halves(), requested.held());
        XaBranchTable.Entry existing = table.claimPrepare(branch);
        if (existing != null) {
            if (existing.state() == XaBranchTable.State.PREPARED && existing.branch().sameWork(branch)) {
                return XaOutcome.OK;
            }
            return XaOutcome.of("XAER_PROTO", "FMQ-XA-020 branch " + branch.xid() + " is already "
                    + existing.state().name().toLowerCase(java.util.Locale.ROOT) + " on this broker");
        }
        boolean held = false;
        try {
            for (long offset : branch.halves()) {
                String owner = transactions.xaBranchOfHalf(offset);
                if (!branch.xid().equals(owner)) {
                    return XaOutcome.of("XA_RBINTEGRITY", "FMQ-XA-021 no half message of branch " + branch.xid()
                            + " at commit-log offset " + offset + (owner == null ? "" : " (it belongs to " + owner + ")"));
                }
            }
            String lost = holdReceived(branch);
            if (lost != null) {
                return XaOutcome.of("XA_RBROLLBACK", lost);
            }
            held = true;
            if (!branch.held().isEmpty()) {
                saveDispatchState.run();
            }
            String problem = log.append(XaBranchLog.Op.PREPARED, branch);
            if (problem != null) {
                LOG.error("FMQ-XA-041 prepare of branch {} not stored: {}", branch.xid(), problem);
                return XaOutcome.of("XAER_RMERR", "FMQ-XA-041 the prepare was not stored: " + problem);
            }
            table.prepared(branch);
            held = false;
            LOG.info("FMQ-XA-012 branch {} prepared: {} half message(s), {} received message(s) held", branch.xid(),
                    branch.halves().size(), branch.held().size());
            return XaOutcome.OK;
        } finally {
            if (held) {
                unhold(branch);
            }
            table.abandonPrepare(branch.xid());
        }
    }

    /** Turns the branch's leases into holds; null when done, else why not (nothing is held then). */
    private String holdReceived(XaBranch branch) {
        List<Map.Entry<List<String>, List<XaBranch.HeldMessage>>> done = new ArrayList<>();
        for (Map.Entry<List<String>, List<XaBranch.HeldMessage>> e : bySubscription(branch.held()).entrySet()) {
            List<DispatchService.Entry> stale = dispatch.prepare(e.getKey().get(0), e.getKey().get(1),
                    entries(e.getValue()), LEASE_AFTER_FAILED_PREPARE_MILLIS);
            if (!stale.isEmpty()) {
                for (Map.Entry<List<String>, List<XaBranch.HeldMessage>> d : done) {
                    dispatch.unprepare(d.getKey().get(0), d.getKey().get(1), entries(d.getValue()),
                            LEASE_AFTER_FAILED_PREPARE_MILLIS);
                }
                DispatchService.Entry first = stale.get(0);
                return "FMQ-XA-022 " + stale.size() + " message(s) the branch received from " + e.getKey().get(1)
                        + " (group " + e.getKey().get(0) + ", e.g. queue " + first.queueId() + " offset "
                        + first.offset() + ") are no longer leased to it: the lease ran out or was settled";
            }
            done.add(e);
        }
        return null;
    }

    private void unhold(XaBranch branch) {
        bySubscription(branch.held()).forEach((s, held) -> dispatch.unprepare(s.get(0), s.get(1), entries(held),
                LEASE_AFTER_FAILED_PREPARE_MILLIS));
    }

    /** Commits a prepared branch. */
    public XaOutcome commit(String xid) {
        return end(xid, TransactionOutcome.COMMIT);
    }

    /** Rolls back a prepared branch. */
    public XaOutcome rollback(String xid) {
        return end(xid, TransactionOutcome.ROLLBACK);
    }

    private XaOutcome end(String xid, TransactionOutcome outcome) {
        boolean commit = outcome == TransactionOutcome.COMMIT;
        XaBranchTable.Entry e = table.claimEnd(xid);
        if (e == null) {
            return XaOutcome.of("XAER_NOTA", "FMQ-XA-023 no prepared branch " + xid + " on this broker");
        }
        switch (e.state()) {
            case PREPARED -> {
                // claimed: go on below
            }
            case HEURISTIC_COMMITTED, HEURISTIC_ROLLED_BACK -> {
                return heuristicAnswer(e, commit);
            }
            case PREPARING -> {
                return XaOutcome.of("XAER_PROTO", "FMQ-XA-024 branch " + xid + " is still being prepared");
            }
            default -> {
                return XaOutcome.of(commit ? "XA_RETRY" : "XAER_RMFAIL", "FMQ-XA-025 branch " + xid
                        + " is being ended by another request; ask again");
            }
        }
        String problem = apply(e.branch(), outcome, ResolvedBy.XA);
        if (problem != null) {
            table.releaseEnd(xid);
            LOG.warn("FMQ-XA-042 {} of branch {} incomplete, it stays prepared: {}", outcome, xid, problem);
            return XaOutcome.of(commit ? "XA_RETRY" : "XAER_RMFAIL", "FMQ-XA-042 " + problem + "; the branch stays"
                    + " prepared, ask again");
        }
        String notStored = log.append(commit ? XaBranchLog.Op.COMMITTED : XaBranchLog.Op.ROLLED_BACK, e.branch());
        if (notStored != null) {
            // The outcome is applied; after a restart the branch shows as prepared, and ending it again changes nothing.
            LOG.warn("FMQ-XA-043 {} of branch {} is applied but its record was not stored ({}); after a restart the"
                    + " branch is reported in doubt again and ending it again is harmless", outcome, xid, notStored);
        }
        table.ended(xid, null);
        LOG.info("FMQ-XA-013 branch {} {}: {} half message(s), {} received message(s)", xid,
                commit ? "committed" : "rolled back", e.branch().halves().size(), e.branch().held().size());
        return XaOutcome.OK;
    }

    /**
     * A branch the policy ended: asking for what happened is success (and forgets it), asking for the opposite is
     * the heuristic outcome, kept until the transaction manager forgets it.
     */
    private XaOutcome heuristicAnswer(XaBranchTable.Entry e, boolean commitAsked) {
        boolean committed = e.state() == XaBranchTable.State.HEURISTIC_COMMITTED;
        if (committed == commitAsked) {
            forget(e.branch().xid());
            return XaOutcome.OK;
        }
        return XaOutcome.of(committed ? "XA_HEURCOM" : "XA_HEURRB", "FMQ-XA-026 branch " + e.branch().xid()
                + " was " + (committed ? "committed" : "rolled back") + " by the broker's xaHeuristicOutcome policy after"
                + " being prepared for " + config.getXaHeuristicTimeout() + " ms");
    }

    /** Resolves the halves and ends the holds; null when everything is done, else what is not. */
    private String apply(XaBranch b, TransactionOutcome outcome, ResolvedBy by) {
        for (long offset : b.halves()) {
            Resolution r;
            try {
                r = transactions.resolveHalf(offset, outcome, by).get(RESOLVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } catch (ExecutionException | TimeoutException e) {
                return "the half message at commit-log offset " + offset + " was not resolved: " + e;
            }
            if (r == Resolution.FAILED || r == Resolution.IN_PROGRESS) {
                return "the half message at commit-log offset " + offset + " was not resolved (" + r + ")";
            }
            if (r == Resolution.NOT_FOUND) {
                LOG.warn("FMQ-XA-044 half message of branch {} at commit-log offset {} is gone (retention deleted its"
                        + " file); {} goes on without it", b.xid(), offset, outcome);
            }
        }
        boolean commit = outcome == TransactionOutcome.COMMIT;
        bySubscription(b.held()).forEach((s, held) -> dispatch.endPrepared(s.get(0), s.get(1), entries(held), commit));
        return null;
    }

    /** Forgets a heuristically ended branch. */
    public XaOutcome forget(String xid) {
        XaBranchTable.Entry e = table.forget(xid);
        if (e == null) {
            return XaOutcome.of("XAER_NOTA", "FMQ-XA-023 no branch " + xid + " on this broker");
        }
        if (e.state() != XaBranchTable.State.HEURISTIC_COMMITTED && e.state() != XaBranchTable.State.HEURISTIC_ROLLED_BACK) {
            return XaOutcome.of("XAER_PROTO", "FMQ-XA-027 branch " + xid + " did not end heuristically; commit or"
                    + " roll it back");
        }
        String problem = log.append(XaBranchLog.Op.FORGOTTEN, e.branch());
        if (problem != null) {
            LOG.warn("FMQ-XA-045 forgetting branch {} not stored ({}); after a restart it is reported again", xid, problem);
        }
        LOG.info("FMQ-XA-014 heuristically ended branch {} forgotten", xid);
        return XaOutcome.OK;
    }

    /** The branches a recovering transaction manager must hear of: prepared, or heuristically ended. */
    public List<BranchStatus> inDoubt() {
        return statuses(table.inDoubt().stream().map(e -> new XaBranchLog.Entry(e.branch(),
                switch (e.state()) {
                    case HEURISTIC_COMMITTED -> XaBranchLog.Op.HEURISTIC_COMMITTED;
                    case HEURISTIC_ROLLED_BACK -> XaBranchLog.Op.HEURISTIC_ROLLED_BACK;
                    default -> XaBranchLog.Op.PREPARED;
                })).toList());
    }

    /** As {@link #inDoubt()}, read from the records alone: what a slave reports for its master. */
    public static List<BranchStatus> inDoubtFromRecords(MessageStore store) {
        return statuses(List.copyOf(new XaBranchLog(store, null, null).replay().values()));
    }

    private static List<BranchStatus> statuses(List<XaBranchLog.Entry> entries) {
        List<BranchStatus> out = new ArrayList<>(entries.size());
        for (XaBranchLog.Entry e : entries) {
            out.add(new BranchStatus(e.branch().xid(), e.op().name(), e.branch().preparedAt(), e.branch().halves().size(),
                    e.branch().held().size()));
        }
        return out;
    }

    // ------------------------------------------------------------------ policies

    private void applyPoliciesQuietly() {
        try {
            endAbandonedBranches();
            rollBackUnpreparedHalves();
        } catch (RuntimeException e) {
            LOG.error("FMQ-XA-046 XA policy round failed; retrying in {} ms", config.getXaCheckInterval(), e);
        }
    }

    private void endAbandonedBranches() {
        TransactionOutcome outcome = config.getXaHeuristicOutcome();
        boolean commit = outcome == TransactionOutcome.COMMIT;
        for (XaBranch b : table.preparedBefore(clock.millis() - config.getXaHeuristicTimeout())) {
            XaBranchTable.Entry e = table.claimEnd(b.xid());
            if (e == null || e.state() != XaBranchTable.State.PREPARED) {
                continue;
            }
            String problem = apply(b, outcome, ResolvedBy.XA_POLICY);
            if (problem != null) {
                table.releaseEnd(b.xid());
                LOG.warn("FMQ-XA-047 heuristic {} of branch {} incomplete, retrying next round: {}", outcome, b.xid(),
                        problem);
                continue;
            }
            String notStored = log.append(commit ? XaBranchLog.Op.HEURISTIC_COMMITTED
                    : XaBranchLog.Op.HEURISTIC_ROLLED_BACK, b);
            if (notStored != null) {
                LOG.warn("FMQ-XA-043 heuristic {} of branch {} is applied but its record was not stored ({})", outcome,
                        b.xid(), notStored);
            }
            table.ended(b.xid(), commit ? XaBranchTable.State.HEURISTIC_COMMITTED
                    : XaBranchTable.State.HEURISTIC_ROLLED_BACK);
            LOG.warn("FMQ-XA-030 branch {} was prepared {} ms ago and never ended by its transaction manager: {} by"
                    + " xaHeuristicOutcome ({} half message(s), {} received message(s)); reported as heuristically"
                    + " {} until the transaction manager forgets it", b.xid(), clock.millis() - b.preparedAt(),
                    commit ? "COMMITTED" : "ROLLED BACK", b.halves().size(), b.held().size(),
                    commit ? "committed" : "rolled back");
        }
    }

    private void rollBackUnpreparedHalves() {
        long oldEnough = config.getXaUnpreparedHalfTimeout();
        for (HalfMessageStatus h : transactions.unresolvedXaHalves()) {
            if (h.ageMillis() < oldEnough || table.knows(h.xaBranch())) {
                continue;
            }
            try {
                Resolution r = transactions.resolveHalf(h.commitLogOffset(), TransactionOutcome.ROLLBACK,
                        ResolvedBy.XA_POLICY).get(RESOLVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info("FMQ-XA-031 half message {} of branch {} ({}) was stored {} ms ago and its branch never"
                        + " prepared here: rolled back ({})", h.transactionId(), h.xaBranch(), h.topic(), h.ageMillis(), r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("FMQ-XA-048 rolling back unprepared half {} failed: {}", h.transactionId(), e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Held messages by subscription: key [group, topic]. */
    private static Map<List<String>, List<XaBranch.HeldMessage>> bySubscription(List<XaBranch.HeldMessage> held) {
        Map<List<String>, List<XaBranch.HeldMessage>> out = new LinkedHashMap<>();
        for (XaBranch.HeldMessage h : held) {
            out.computeIfAbsent(List.of(h.group(), h.topic()), k -> new ArrayList<>()).add(h);
        }
        return out;
    }

    private static List<DispatchService.Entry> entries(List<XaBranch.HeldMessage> held) {
        List<DispatchService.Entry> out = new ArrayList<>(held.size());
        for (XaBranch.HeldMessage h : held) {
            out.add(new DispatchService.Entry(h.queueId(), h.offset(), h.token(), h.deliveries()));
        }
        return out;
    }

    /** Branches known now (any state), for tests and operators. */
    public int branchCount() {
        return table.size();
    }
}
