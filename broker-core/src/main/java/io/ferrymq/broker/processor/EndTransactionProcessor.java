package io.ferrymq.broker.processor;

import io.ferrymq.broker.transaction.TransactionService;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RemotingCommandException;
import io.ferrymq.remoting.protocol.header.EndTransactionRequestHeader;
import io.ferrymq.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * END_TRANSACTION (37): a producer's commit, rollback or "unknown" for one half message, after its local transaction
 * or in answer to a back-check. Oneway from every known client; a request that expects an answer gets SUCCESS or
 * SYSTEM_ERROR with the reason. Stateless; runs on the end-transaction executor.
 */
public final class EndTransactionProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(EndTransactionProcessor.class);

    private final MessageStore store;
    private final TransactionService transactions;

    public EndTransactionProcessor(MessageStore store, TransactionService transactions) {
        this.store = store;
        this.transactions = transactions;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        EndTransactionRequestHeader h = request.header(EndTransactionRequestHeader.class);
        if (!store.config().isMaster() || transactions == null) {
            LOG.warn("FMQ-TX-055 END_TRANSACTION from {} reached a slave; ignored (send it to the master)",
                    channel.remoteAddressText());
            return RemotingCommand.responseTo(request, ResponseCode.SLAVE_NOT_AVAILABLE,
                    "FMQ-TX-055 this broker is a slave; end transactions on the master");
        }
        String refusal = transactions.endTransaction(h, channel.remoteAddressText());
        return RemotingCommand.responseTo(request, refusal == null ? ResponseCode.SUCCESS : ResponseCode.SYSTEM_ERROR,
                refusal);
    }
}
