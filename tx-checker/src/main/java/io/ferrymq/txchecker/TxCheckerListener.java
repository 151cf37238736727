package io.ferrymq.txchecker;

import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.TransactionCheckListener;
import io.ferrymq.client.TransactionState;
import io.ferrymq.common.message.MessageConst;

/**
 * A transactional producer's check listener that answers back-checks from a {@link TxChecker}'s transaction log: the
 * transaction id is the half message's id (the one the local transaction recorded), the timestamp its born timestamp.
 * Register it on {@link io.ferrymq.client.TransactionProducer} (or route some topics to it with
 * {@link io.ferrymq.client.TransactionCheckRoutes}). Thread-safe; never throws.
 */
public final class TxCheckerListener implements TransactionCheckListener {
    private final TxChecker checker;

    public TxCheckerListener(TxChecker checker) {
        this.checker = checker;
    }

    @Override
    public TransactionState check(ReceivedMessage halfMessage) {
        CheckOutcome outcome = checker.check(halfMessage.msgId(), halfMessage.bornTimestamp(),
                halfMessage.property(MessageConst.PROPERTY_PRODUCER_GROUP));
        return switch (outcome) {
            case COMMIT -> TransactionState.COMMIT;
            case ROLLBACK -> TransactionState.ROLLBACK;
            case UNKNOWN -> TransactionState.UNKNOWN;
        };
    }
}
