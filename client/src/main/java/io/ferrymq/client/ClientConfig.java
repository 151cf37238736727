package io.ferrymq.client;

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
}
