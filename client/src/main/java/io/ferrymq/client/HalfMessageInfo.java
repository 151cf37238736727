package io.ferrymq.client;

/**
 * One unresolved half message as its broker lists it. Immutable.
 *
 * @param transactionId the transaction id (the half message's UNIQ_KEY)
 * @param ageMillis     how long ago the broker stored it
 * @param checks        back-checks sent so far (since the last resume)
 * @param lastAnswer    NONE, NO_PRODUCER (no producer of the group connected), NO_ANSWER or UNKNOWN
 * @param lastCheckedAt the producer address the last check went to, or null
 * @param parked        out of checks: kept and listed, not checked until resumed; not delivered unless committed by hand
 */
public record HalfMessageInfo(String brokerName, String brokerAddr, String transactionId, String topic, int queueId,
                              String producerGroup, String keys, long commitLogOffset, long queueOffset,
                              long bornTimestamp, long storeTimestamp, long ageMillis, int checks,
                              long lastCheckTimestamp, String lastAnswer, String lastCheckedAt, boolean parked) {
}
