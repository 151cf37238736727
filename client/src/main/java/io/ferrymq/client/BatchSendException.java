package io.ferrymq.client;

import java.util.List;

/**
 * A batch send that stopped at a failed request. The broker stores each request whole or not at all and the requests
 * of one batch go one after another, so what was stored is a prefix of the batch: the requests of
 * {@link #storedResults()}, {@link #storedCount()} messages. The failed request was refused, or its outcome is unknown
 * (no answer in time: {@link #unknownCount()} messages may be stored); the requests after it were not sent.
 * {@link #responseCode()} and {@link #getCause()} are the failed request's. Immutable.
 */
public final class BatchSendException extends ClientException {
    private final transient List<SendResult> storedResults;
    private final int storedCount;
    private final int unknownCount;
    private final int totalCount;

    BatchSendException(ClientException failure, List<SendResult> storedResults, int storedCount, int unknownCount,
                       int totalCount) {
        super(failure.responseCode(), "FMQ-CLIENT-017 batch send stopped after " + storedCount + " of " + totalCount
                + " messages were stored" + (unknownCount > 0 ? " (" + unknownCount + " more may be stored)" : "")
                + ": " + failure.getMessage(), failure);
        this.storedResults = List.copyOf(storedResults);
        this.storedCount = storedCount;
        this.unknownCount = unknownCount;
        this.totalCount = totalCount;
    }

    /** One result per stored request, in order. */
    public List<SendResult> storedResults() {
        return storedResults;
    }

    /** Messages certainly stored: the first {@code storedCount()} of the batch. */
    public int storedCount() {
        return storedCount;
    }

    /** Messages of the failed request when its outcome is unknown (it may be stored whole); else 0. */
    public int unknownCount() {
        return unknownCount;
    }

    public int totalCount() {
        return totalCount;
    }
}
