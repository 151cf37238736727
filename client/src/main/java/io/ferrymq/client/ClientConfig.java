package io.ferrymq.client;

import io.ferrymq.remoting.protocol.SerializeType;

/**
 * Settings every FerryMQ client shares. Defaults follow RocketMQ's client: routes refreshed and heartbeats
 * sent every 30 s, 3 s calls. Mutable until the client starts.
 */
public class ClientConfig {
    private String namesrvAddr = System.getProperty("rocketmq.namesrv.addr", System.getenv("NAMESRV_ADDR"));
    private String instanceName = "DEFAULT";
    private long pollNameServerIntervalMillis = 30_000;
    private long heartbeatBrokerIntervalMillis = 30_000;
    private long requestTimeoutMillis = 3_000;
    /**
     * How request headers travel: ROCKETMQ, the protocol's binary form, unless set otherwise. Every RocketMQ broker and
     * nameserver reads both and answers in the request's form; the binary one costs a fraction of JSON's encoding and
     * parsing on both sides (docs/benchmarks-jms.md measured JSON headers at a quarter to a third of the I/O threads'
     * time).
     */
    private SerializeType serializeType = SerializeType.ROCKETMQ;
    /** RocketMQ ACL credentials every request to a broker is signed with; none by default. */
    private String accessKey;
    private String secretKey;

    public String getNamesrvAddr() { return namesrvAddr; }
    public ClientConfig setNamesrvAddr(String v) { namesrvAddr = v; return this; }
    public String getInstanceName() { return instanceName; }
    public ClientConfig setInstanceName(String v) { instanceName = v; return this; }
    public long getPollNameServerIntervalMillis() { return pollNameServerIntervalMillis; }
    public ClientConfig setPollNameServerIntervalMillis(long v) { pollNameServerIntervalMillis = v; return this; }
    public long getHeartbeatBrokerIntervalMillis() { return heartbeatBrokerIntervalMillis; }
    public ClientConfig setHeartbeatBrokerIntervalMillis(long v) { heartbeatBrokerIntervalMillis = v; return this; }
    public long getRequestTimeoutMillis() { return requestTimeoutMillis; }
    public ClientConfig setRequestTimeoutMillis(long v) { requestTimeoutMillis = v; return this; }
    public SerializeType getSerializeType() { return serializeType; }
    public ClientConfig setSerializeType(SerializeType v) { serializeType = java.util.Objects.requireNonNull(v); return this; }

    /**
     * Signs every request to brokers with these credentials, as RocketMQ's {@code AclClientRPCHook} does, for brokers
     * with {@code aclEnable=true} (docs/security.md). {@code (null, null)} removes them. Check them eagerly with
     * {@link CredentialsCheck#verify(ClientConfig)}.
     *
     * @throws IllegalArgumentException when only one of the two is given, or one is blank
     */
    public ClientConfig setCredentials(String accessKey, String secretKey) {
        if (accessKey == null && secretKey == null) {
            this.accessKey = null;
            this.secretKey = null;
            return this;
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("FMQ-CLIENT-402 credentials need both a non-blank access key and a"
                    + " non-empty secret key");
        }
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        return this;
    }

    public boolean hasCredentials() { return accessKey != null; }
    /** The access key requests are signed with, or null. */
    public String getAccessKey() { return accessKey; }
    /** The secret key requests are signed with, or null; never logged. */
    public String getSecretKey() { return secretKey; }
}
