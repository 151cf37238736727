package io.ferrymq.broker;

import io.ferrymq.broker.transaction.CheckMaxPolicy;
import io.ferrymq.broker.transaction.TransactionOutcome;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Typed configuration of a broker (the store's keys live in {@link io.ferrymq.store.StoreConfig}; one
 * properties file feeds both). Field names are the seeds' keys; defaults follow RocketMQ. Mutable until
 * the broker starts.
 */
public class BrokerConfig {
    private String brokerClusterName = "DefaultCluster";
    private String brokerName = defaultBrokerName();
    private long brokerId = 0;
    /** Nameserver addresses, {@code host:port} separated by ';'. */
    private String namesrvAddr = System.getProperty("rocketmq.namesrv.addr", System.getenv("NAMESRV_ADDR"));
    private boolean autoCreateTopicEnable = true;
    private boolean autoCreateSubscriptionGroup = true;
    private int listenPort = 10911;
    /** The address clients are told to use; defaults to this host's first non-loopback address. */
    private String brokerIP1 = defaultAddress();
    /** Address the server binds; {@code 0.0.0.0} for all interfaces. */
    private String bindAddress = "0.0.0.0";
    private int brokerPermission = 6;
    private int defaultTopicQueueNums = 8;
    /** How often the broker re-registers with every nameserver, in ms (clamped to 10-60 s as RocketMQ does). */
    private int registerNameServerPeriod = 30_000;
    private int sendMessageThreadPoolNums = 4;
    /**
     * Store a plain send (not a batch) on the network thread that read it, without the hand-over to the send pool,
     * when that cannot wait: the topic exists, it is not a retry topic, the body is at most 256 KiB and the current
     * CommitLog file has room. Everything else goes through the send pool as before. FerryMQ's key; off restores
     * RocketMQ's behaviour (every send on the pool).
     */
    private boolean sendOnIoThread = true;
    private int pullMessageThreadPoolNums = 8;
    private int adminBrokerThreadPoolNums = 4;
    private int clientManageThreadPoolNums = 4;
    /** Threads storing END_TRANSACTION outcomes (their own pool, so commits never wait behind sends or pulls). */
    private int endTransactionThreadPoolNums = 4;
    /** A half message is first checked back once it is this old, in ms (per message: CHECK_IMMUNITY_TIME_IN_SECONDS). */
    private long transactionTimeOut = 6_000;
    /** How often unresolved half messages are checked back, in ms (RocketMQ 5's default; 4.9 used 60 s). */
    private long transactionCheckInterval = 30_000;
    /** Checks of one half message before {@link #transactionCheckMaxPolicy} applies. */
    private int transactionCheckMax = 15;
    /** After the last unanswered check: ROLLBACK parks the half (kept, listed, resumable), COMMIT delivers it. */
    private CheckMaxPolicy transactionCheckMaxPolicy = CheckMaxPolicy.ROLLBACK;
    /**
     * An XA branch prepared this long ago, in ms, and still not ended by its transaction manager gets
     * {@link #xaHeuristicOutcome} (a heuristic decision, reported to the manager until it forgets the branch). Must be
     * shorter than the store's fileReservedTime, or retention could delete the prepared work first.
     */
    private long xaHeuristicTimeout = 24 * 3_600_000L;
    /** What a branch left prepared past {@link #xaHeuristicTimeout} becomes: ROLLBACK (default) or COMMIT. */
    private TransactionOutcome xaHeuristicOutcome = TransactionOutcome.ROLLBACK;
    /**
     * Half messages of an XA branch that was never prepared here (its client died between its sends and its prepare)
     * are rolled back once this old, in ms: no transaction manager can commit a branch that never prepared.
     */
    private long xaUnpreparedHalfTimeout = 120_000;
    /** How often the XA policies above are applied, in ms. */
    private long xaCheckInterval = 10_000;
    /** Refuse transactional sends (NO_PERMISSION), as RocketMQ's key of the same name. */
    private boolean rejectTransactionMessage = false;
    private boolean longPollingEnable = true;
    private long shortPollingTimeMills = 1_000;
    /** Clients (producers and consumers) silent this long are forgotten, in ms. */
    private long channelExpiredTimeout = 120_000;
    /** How often consumer offsets are written to disk, in ms. */
    private int flushConsumerOffsetInterval = 5_000;
    private String msgTraceTopicName = "RMQ_SYS_TRACE_TOPIC";
    /**
     * Pull responses may steer consumers that read far behind to a slave. RocketMQ defaults this to false;
     * FerryMQ to true, since serving old data from a slave is what a slave is for here.
     */
    private boolean slaveReadEnable = true;
    /** The broker id pulls are steered to when a consumer reads far behind (a slave's brokerId). */
    private long whichBrokerWhenConsumeSlowly = 1;
    /**
     * How long an orderly consumer's queue lock lives after its last renewal, in ms (RocketMQ's
     * {@code rocketmq.broker.rebalance.lockMaxLiveTime}). Clients renew every 20 s and stop consuming a queue
     * whose lock they could not renew for 30 s, so keep this above both.
     */
    private long rebalanceLockMaxLiveTime = 60_000;
    /** SQL92 property filters evaluated in the broker; RocketMQ defaults this to false, FerryMQ to true. */
    private boolean enablePropertyFilter = true;
    /**
     * Every request must be signed with RocketMQ's ACL fields (AccessKey, Signature) by a user of {@link #aclFile}
     * (RocketMQ's key; docs/security.md). Off by default, as in RocketMQ.
     */
    private boolean aclEnable = false;
    /** The users file ({@code accessKey=secretKey} lines); unset means {@code <storePathRootDir>/../conf/users.properties}. */
    private String aclFile;
    /**
     * The credentials this broker signs its own requests to other brokers with (a slave copying topics, offsets and
     * groups from a master with {@code aclEnable}): a user of the master's users file. Both or neither; unset, the
     * requests go unsigned. (RocketMQ 5 calls these the inner client's credentials.)
     */
    private String innerAccessKey;
    private String innerSecretKey;

    private static String defaultBrokerName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "DEFAULT_BROKER";
        }
    }

    private static String defaultAddress() {
        try {
            for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (var addr : java.util.Collections.list(nic.getInetAddresses())) {
                    if (addr instanceof java.net.Inet4Address) {
                        return addr.getHostAddress();
                    }
                }
            }
        } catch (java.net.SocketException ignored) {
            // fall through to loopback
        }
        return "127.0.0.1";
    }

    public String brokerAddr() {
        return brokerIP1 + ":" + listenPort;
    }

    public int effectiveRegisterPeriod() {
        return Math.max(10_000, Math.min(60_000, registerNameServerPeriod));
    }

    public String getBrokerClusterName() { return brokerClusterName; }
    public BrokerConfig setBrokerClusterName(String v) { brokerClusterName = v; return this; }
    public String getBrokerName() { return brokerName; }
    public BrokerConfig setBrokerName(String v) { brokerName = v; return this; }
    public long getBrokerId() { return brokerId; }
    public BrokerConfig setBrokerId(long v) { brokerId = v; return this; }
    public String getNamesrvAddr() { return namesrvAddr; }
    public BrokerConfig setNamesrvAddr(String v) { namesrvAddr = v; return this; }
    public boolean isAutoCreateTopicEnable() { return autoCreateTopicEnable; }
    public BrokerConfig setAutoCreateTopicEnable(boolean v) { autoCreateTopicEnable = v; return this; }
    public boolean isAutoCreateSubscriptionGroup() { return autoCreateSubscriptionGroup; }
    public BrokerConfig setAutoCreateSubscriptionGroup(boolean v) { autoCreateSubscriptionGroup = v; return this; }
    public int getListenPort() { return listenPort; }
    public BrokerConfig setListenPort(int v) { listenPort = v; return this; }
    public int getEndTransactionThreadPoolNums() { return endTransactionThreadPoolNums; }
    public BrokerConfig setEndTransactionThreadPoolNums(int v) { endTransactionThreadPoolNums = v; return this; }
    public long getTransactionTimeOut() { return transactionTimeOut; }
    public BrokerConfig setTransactionTimeOut(long v) { transactionTimeOut = v; return this; }
    public long getTransactionCheckInterval() { return transactionCheckInterval; }
    public BrokerConfig setTransactionCheckInterval(long v) { transactionCheckInterval = v; return this; }
    public int getTransactionCheckMax() { return transactionCheckMax; }
    public BrokerConfig setTransactionCheckMax(int v) { transactionCheckMax = v; return this; }
    public CheckMaxPolicy getTransactionCheckMaxPolicy() { return transactionCheckMaxPolicy; }
    public BrokerConfig setTransactionCheckMaxPolicy(CheckMaxPolicy v) {
        transactionCheckMaxPolicy = v;
        return this;
    }
    public long getXaHeuristicTimeout() { return xaHeuristicTimeout; }
    public BrokerConfig setXaHeuristicTimeout(long v) { xaHeuristicTimeout = v; return this; }
    public TransactionOutcome getXaHeuristicOutcome() { return xaHeuristicOutcome; }
    public BrokerConfig setXaHeuristicOutcome(TransactionOutcome v) { xaHeuristicOutcome = v; return this; }
    public long getXaUnpreparedHalfTimeout() { return xaUnpreparedHalfTimeout; }
    public BrokerConfig setXaUnpreparedHalfTimeout(long v) { xaUnpreparedHalfTimeout = v; return this; }
    public long getXaCheckInterval() { return xaCheckInterval; }
    public BrokerConfig setXaCheckInterval(long v) { xaCheckInterval = v; return this; }
    public boolean isRejectTransactionMessage() { return rejectTransactionMessage; }
    public BrokerConfig setRejectTransactionMessage(boolean v) { rejectTransactionMessage = v; return this; }
    public String getBrokerIP1() { return brokerIP1; }
    public BrokerConfig setBrokerIP1(String v) { brokerIP1 = v; return this; }
    public String getBindAddress() { return bindAddress; }
    public BrokerConfig setBindAddress(String v) { bindAddress = v; return this; }
    public int getBrokerPermission() { return brokerPermission; }
    public BrokerConfig setBrokerPermission(int v) { brokerPermission = v; return this; }
    public int getDefaultTopicQueueNums() { return defaultTopicQueueNums; }
    public BrokerConfig setDefaultTopicQueueNums(int v) { defaultTopicQueueNums = v; return this; }
    public int getRegisterNameServerPeriod() { return registerNameServerPeriod; }
    public BrokerConfig setRegisterNameServerPeriod(int v) { registerNameServerPeriod = v; return this; }
    public int getSendMessageThreadPoolNums() { return sendMessageThreadPoolNums; }
    public boolean isSendOnIoThread() { return sendOnIoThread; }
    public BrokerConfig setSendOnIoThread(boolean v) { sendOnIoThread = v; return this; }
    public BrokerConfig setSendMessageThreadPoolNums(int v) { sendMessageThreadPoolNums = v; return this; }
    public int getPullMessageThreadPoolNums() { return pullMessageThreadPoolNums; }
    public BrokerConfig setPullMessageThreadPoolNums(int v) { pullMessageThreadPoolNums = v; return this; }
    public int getAdminBrokerThreadPoolNums() { return adminBrokerThreadPoolNums; }
    public BrokerConfig setAdminBrokerThreadPoolNums(int v) { adminBrokerThreadPoolNums = v; return this; }
    public int getClientManageThreadPoolNums() { return clientManageThreadPoolNums; }
    public BrokerConfig setClientManageThreadPoolNums(int v) { clientManageThreadPoolNums = v; return this; }
    public boolean isLongPollingEnable() { return longPollingEnable; }
    public BrokerConfig setLongPollingEnable(boolean v) { longPollingEnable = v; return this; }
    public long getShortPollingTimeMills() { return shortPollingTimeMills; }
    public BrokerConfig setShortPollingTimeMills(long v) { shortPollingTimeMills = v; return this; }
    public long getChannelExpiredTimeout() { return channelExpiredTimeout; }
    public BrokerConfig setChannelExpiredTimeout(long v) { channelExpiredTimeout = v; return this; }
    public int getFlushConsumerOffsetInterval() { return flushConsumerOffsetInterval; }
    public BrokerConfig setFlushConsumerOffsetInterval(int v) { flushConsumerOffsetInterval = v; return this; }
    public boolean isSlaveReadEnable() { return slaveReadEnable; }
    public BrokerConfig setSlaveReadEnable(boolean v) { slaveReadEnable = v; return this; }
    public long getWhichBrokerWhenConsumeSlowly() { return whichBrokerWhenConsumeSlowly; }
    public BrokerConfig setWhichBrokerWhenConsumeSlowly(long v) { whichBrokerWhenConsumeSlowly = v; return this; }
    public long getRebalanceLockMaxLiveTime() { return rebalanceLockMaxLiveTime; }
    public BrokerConfig setRebalanceLockMaxLiveTime(long v) { rebalanceLockMaxLiveTime = v; return this; }
    public boolean isEnablePropertyFilter() { return enablePropertyFilter; }
    public BrokerConfig setEnablePropertyFilter(boolean v) { enablePropertyFilter = v; return this; }
    public String getMsgTraceTopicName() { return msgTraceTopicName; }
    public BrokerConfig setMsgTraceTopicName(String v) { msgTraceTopicName = v; return this; }
    public boolean isAclEnable() { return aclEnable; }
    public BrokerConfig setAclEnable(boolean v) { aclEnable = v; return this; }
    public String getAclFile() { return aclFile; }
    public BrokerConfig setAclFile(String v) { aclFile = v; return this; }
    public String getInnerAccessKey() { return innerAccessKey; }
    public BrokerConfig setInnerAccessKey(String v) { innerAccessKey = v; return this; }
    public String getInnerSecretKey() { return innerSecretKey; }
    public BrokerConfig setInnerSecretKey(String v) { innerSecretKey = v; return this; }
}
