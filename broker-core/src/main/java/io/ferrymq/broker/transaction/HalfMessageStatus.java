package io.ferrymq.broker.transaction;

/**
 * What an operator sees of one unresolved half message. Immutable snapshot.
 *
 * @param ageMillis   how long ago the half was stored
 * @param checks      back-checks sent so far (since the last resume)
 * @param lastAnswer  what the producer side said to the last check
 * @param parked      true once it ran out of checks: kept and listed, not checked until resumed
 * @param xaBranch    the XA branch (Xid text) that stored it, or null for an ordinary transactional message
 */
public record HalfMessageStatus(String transactionId, String topic, int queueId, String producerGroup, String keys,
                                long commitLogOffset, long queueOffset, long bornTimestamp, long storeTimestamp,
                                long ageMillis, int checks, long lastCheckTimestamp, CheckAnswer lastAnswer,
                                String lastCheckedAt, boolean parked, String xaBranch) {
}
