package io.ferrymq.client.impl;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.TransactionCheckListener;
import io.ferrymq.client.TransactionState;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.util.DaemonThreads;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RemotingCommandException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.CheckTransactionStateRequestHeader;
import io.ferrymq.remoting.protocol.header.EndTransactionRequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Answers CHECK_TRANSACTION_STATE for one producer group: asks the {@link TransactionCheckListener} on a bounded pool
 * of check threads and sends its answer back as a oneway END_TRANSACTION over the connection the check came on. A
 * check that finds the pool full is dropped (logged): the broker asks again at its next round. Safe from any thread;
 * {@link #shutdown()} once.
 */
public final class TransactionCheckResponder implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionCheckResponder.class);
    private static final int QUEUED_CHECKS = 2_000;

    private final String group;
    private final TransactionCheckListener listener;
    private final ThreadPoolExecutor checkThreads;

    public TransactionCheckResponder(String group, TransactionCheckListener listener, int threads) {
        this.group = group;
        this.listener = listener;
        this.checkThreads = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_CHECKS), DaemonThreads.factory("ferrymq-transaction-check"));
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        CheckTransactionStateRequestHeader h = request.header(CheckTransactionStateRequestHeader.class);
        DecodedMessage half = decode(request.body());
        if (half == null) {
            LOG.warn("FMQ-CLIENT-071 back-check from {} without a readable half message; ignored",
                    channel.remoteAddressText());
            return null;
        }
        String halfGroup = half.property(MessageConst.PROPERTY_PRODUCER_GROUP);
        if (!group.equals(halfGroup)) {
            LOG.debug("FMQ-CLIENT-072 back-check for producer group {} reached group {}; ignored", halfGroup, group);
            return null;
        }
        try {
            checkThreads.execute(() -> answer(channel, h, half));
        } catch (RejectedExecutionException full) {
            LOG.warn("FMQ-CLIENT-073 {} back-checks already wait; the check of transaction {} is dropped and the broker"
                    + " will ask again", QUEUED_CHECKS, h.transactionId);
        }
        return null;
    }

    private static DecodedMessage decode(byte[] body) {
        if (body == null) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(body);
        MessageRecord.Check check = MessageRecord.validate(buf, 0, body.length, -1, false);
        return check.kind() == MessageRecord.Kind.RECORD ? MessageRecord.decode(buf, 0) : null;
    }

    private void answer(RemotingChannel channel, CheckTransactionStateRequestHeader h, DecodedMessage half) {
        ReceivedMessage message = new ReceivedMessage(half,
                new MessageQueue(half.topic(), h.bname == null ? "" : h.bname, half.queueId()));
        String transactionId = message.msgId() != null ? message.msgId() : h.transactionId;
        TransactionState state;
        String remark = null;
        try {
            state = listener.check(message);
            if (state == null) {
                state = TransactionState.UNKNOWN;
            }
        } catch (Exception | LinkageError e) {
            state = TransactionState.UNKNOWN;
            remark = "check listener failed: " + e;
            LOG.warn("FMQ-CLIENT-074 the check listener of {} failed for transaction {}; answering UNKNOWN", group,
                    transactionId, e);
        }
        EndTransactionRequestHeader end = new EndTransactionRequestHeader();
        end.producerGroup = group;
        end.tranStateTableOffset = h.tranStateTableOffset;
        end.commitLogOffset = h.commitLogOffset;
        end.commitOrRollback = state.wireType();
        end.fromTransactionCheck = true;
        end.msgId = transactionId;
        end.transactionId = h.transactionId != null ? h.transactionId : transactionId;
        end.topic = half.topic();
        end.bname = h.bname;
        channel.invokeOneway(RemotingCommand.request(RequestCode.END_TRANSACTION).header(end).remark(remark));
        LOG.info("FMQ-CLIENT-075 back-check of transaction {} ({}) from {} answered {}", transactionId, half.topic(),
                channel.remoteAddressText(), state);
    }

    /** Stops taking checks; checks running finish. */
    public void shutdown() {
        checkThreads.shutdown();
        try {
            checkThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
