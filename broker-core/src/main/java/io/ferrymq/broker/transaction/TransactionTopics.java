package io.ferrymq.broker.transaction;

/**
 * Names the transaction machinery uses in the store, spelled as RocketMQ spells them. Constants only.
 */
public final class TransactionTopics {
    /** Half (prepared) messages, all in queue 0, invisible to consumers. */
    public static final String HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    /** Op records: what happened to each half message (resolved, checked, parked, resumed). */
    public static final String OP_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    /** Where RocketMQ moves half messages that ran out of checks; FerryMQ parks them in place instead. */
    public static final String CHECK_MAX_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    /**
     * The internal group whose offset in the half queue marks how far every half message is settled: the next
     * start reads half messages (and their op records) from there, not from the beginning.
     */
    public static final String CHECK_GROUP = "CID_RMQ_SYS_TRANS";
    /** FerryMQ's XA branch records (prepared, ended, heuristic outcomes), all in queue 0. */
    public static final String XA_BRANCH_TOPIC = "RMQ_SYS_FMQ_XA_BRANCH";

    private TransactionTopics() {
    }

    /** Topics only the broker reads: no consumer may pull them. */
    public static boolean isTransactionTopic(String topic) {
        return HALF_TOPIC.equals(topic) || OP_TOPIC.equals(topic) || CHECK_MAX_TOPIC.equals(topic)
                || XA_BRANCH_TOPIC.equals(topic);
    }
}
