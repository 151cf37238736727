package io.ferrymq.remoting.protocol;

/** Request codes of the remoting protocol (sheet section 2) that FerryMQ serves or sends. */
public final class RequestCode {
    // nameserver
    public static final int PUT_KV_CONFIG = 100;
    public static final int GET_KV_CONFIG = 101;
    public static final int DELETE_KV_CONFIG = 102;
    public static final int REGISTER_BROKER = 103;
    public static final int UNREGISTER_BROKER = 104;
    public static final int GET_ROUTEINFO_BY_TOPIC = 105;
    public static final int GET_BROKER_CLUSTER_INFO = 106;
    public static final int GET_ALL_TOPIC_LIST_FROM_NAMESERVER = 206;
    public static final int DELETE_TOPIC_IN_NAMESRV = 216;
    public static final int GET_KVLIST_BY_NAMESPACE = 219;
    public static final int GET_TOPICS_BY_CLUSTER = 224;
    public static final int GET_SYSTEM_TOPIC_LIST_FROM_NS = 304;
    public static final int GET_UNIT_TOPIC_LIST = 311;
    public static final int GET_HAS_UNIT_SUB_TOPIC_LIST = 312;
    public static final int GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST = 313;
    public static final int QUERY_DATA_VERSION = 322;

    // broker: send, pull, query
    public static final int SEND_MESSAGE = 10;
    public static final int PULL_MESSAGE = 11;
    public static final int QUERY_MESSAGE = 12;
    public static final int QUERY_CONSUMER_OFFSET = 14;
    public static final int UPDATE_CONSUMER_OFFSET = 15;
    public static final int UPDATE_AND_CREATE_TOPIC = 17;
    public static final int GET_ALL_TOPIC_CONFIG = 21;
    public static final int GET_BROKER_CONFIG = 26;
    public static final int GET_BROKER_RUNTIME_INFO = 28;
    public static final int SEARCH_OFFSET_BY_TIMESTAMP = 29;
    public static final int GET_MAX_OFFSET = 30;
    public static final int GET_MIN_OFFSET = 31;
    public static final int GET_EARLIEST_MSG_STORETIME = 32;
    public static final int VIEW_MESSAGE_BY_ID = 33;
    public static final int HEART_BEAT = 34;
    public static final int UNREGISTER_CLIENT = 35;
    public static final int CONSUMER_SEND_MSG_BACK = 36;
    public static final int END_TRANSACTION = 37;
    public static final int GET_CONSUMER_LIST_BY_GROUP = 38;
    public static final int CHECK_TRANSACTION_STATE = 39;
    public static final int NOTIFY_CONSUMER_IDS_CHANGED = 40;
    public static final int LOCK_BATCH_MQ = 41;
    public static final int UNLOCK_BATCH_MQ = 42;
    public static final int GET_ALL_CONSUMER_OFFSET = 43;
    public static final int CHECK_CLIENT_CONFIG = 46;
    public static final int UPDATE_AND_CREATE_SUBSCRIPTIONGROUP = 200;
    public static final int GET_ALL_SUBSCRIPTIONGROUP_CONFIG = 201;
    public static final int GET_TOPIC_STATS_INFO = 202;
    public static final int GET_CONSUMER_CONNECTION_LIST = 203;
    public static final int DELETE_SUBSCRIPTIONGROUP = 207;
    public static final int GET_CONSUME_STATS = 208;
    public static final int DELETE_TOPIC_IN_BROKER = 215;
    public static final int SEND_MESSAGE_V2 = 310;
    public static final int SEND_BATCH_MESSAGE = 320;
    public static final int LITE_PULL_MESSAGE = 361;
    public static final int GET_TOPIC_CONFIG = 351;
    public static final int GET_ALL_DELAY_OFFSET = 45;

    // FerryMQ's own codes (a range Apache RocketMQ does not use).
    /** Sends dead letters of a group back to their topic; header {@code RedriveDeadLettersRequestHeader}. */
    public static final int REDRIVE_DEAD_LETTERS = 50_001;

    // Transactions: RocketMQ's resume code, and FerryMQ's half-message admin codes (HalfMessageAdminRequestHeader).
    public static final int RESUME_CHECK_HALF_MESSAGE = 323;
    /** Lists unresolved half messages; optional producerGroup, topic, limit. Body: JSON {"halfMessages":[...]}. */
    public static final int LIST_HALF_MESSAGES = 50_101;
    /** Commits or rolls back one half message by hand; transactionId and action required. */
    public static final int RESOLVE_HALF_MESSAGE = 50_102;
    /** Checks parked half messages again; transactionId or producerGroup (or neither: all). Remark: how many. */
    public static final int RESUME_HALF_MESSAGES = 50_103;

    // Dispatch: the broker hands a subscription's messages out one by one, each leased to one consumer and acknowledged
    // (or released) on its own, so any number of consumers share a subscription (see DispatchRequestHeader).
    /** Prepares a subscription: creates the topic if allowed and fixes the start offsets. Remark: queue count. */
    public static final int DISPATCH_SUBSCRIBE = 50_201;
    /** Leases up to maxMessages messages; body as PULL_MESSAGE, ext {@code leases} = "token:deliveries" per record. */
    public static final int DISPATCH_RECEIVE = 50_202;
    /** Acknowledges leased messages; ext {@code entries} = "queueId:offset:token" separated by ','. */
    public static final int DISPATCH_ACK = 50_203;
    /**
     * Gives leased messages back (redelivered after delayMillis); ext {@code entries} as for DISPATCH_ACK, each with an
     * optional fourth field: the consumer's own count of deliveries (it may redeliver locally first).
     */
    public static final int DISPATCH_RELEASE = 50_204;
    /** Extends leases by leaseMillis from now; ext {@code entries} as for DISPATCH_ACK. */
    public static final int DISPATCH_RENEW = 50_205;
    /** Drops a subscription: its dispatch state and committed offsets. */
    public static final int DISPATCH_UNSUBSCRIBE = 50_206;
    /** Answers at once (empty) every receive of {@code consumerId} waiting in the broker: the consumer is closing. */
    public static final int DISPATCH_STOP_WAITING = 50_207;

    // XA: the two phases of a branch over half messages and dispatch holds (XaRequestHeader; docs/xa.md). Answers
    // carry ext "xa": XA_OK or the javax.transaction.xa.XAException constant's name, with the reason in the remark.
    /** Prepares a branch; body JSON {"halves":[commit-log offsets], "held":[{group, topic, queueId, offset, token}]}. */
    public static final int XA_PREPARE = 50_301;
    /** Commits a prepared branch. */
    public static final int XA_COMMIT = 50_302;
    /** Rolls back a prepared branch. */
    public static final int XA_ROLLBACK = 50_303;
    /** Lists prepared and heuristically ended branches; body JSON {"branches":[{xid, state, preparedAt, ...}]}. */
    public static final int XA_RECOVER = 50_304;
    /** Forgets a heuristically ended branch. */
    public static final int XA_FORGET = 50_305;

    private RequestCode() {
    }
}
