package io.ferrymq.namesrv;

/**
 * Typed configuration of a nameserver, bound from a properties file ({@code -c}). Defaults follow the
 * seeds: port 9876, a liveness scan every 10 s, brokers silent for 120 s dropped. Mutable until start.
 */
public class NamesrvConfig {
    private int listenPort = 9876;
    private String bindAddress = "0.0.0.0";
    /** How often brokers that stopped registering are looked for, in ms. */
    private long scanNotActiveBrokerInterval = 10_000;
    /** A broker silent this long is dropped, in ms. */
    private long brokerChannelExpiredTime = 120_000;
    private int serverWorkerThreads = 8;

    public int getListenPort() { return listenPort; }
    public NamesrvConfig setListenPort(int v) { listenPort = v; return this; }
    public String getBindAddress() { return bindAddress; }
    public NamesrvConfig setBindAddress(String v) { bindAddress = v; return this; }
    public long getScanNotActiveBrokerInterval() { return scanNotActiveBrokerInterval; }
    public NamesrvConfig setScanNotActiveBrokerInterval(long v) { scanNotActiveBrokerInterval = v; return this; }
    public long getBrokerChannelExpiredTime() { return brokerChannelExpiredTime; }
    public NamesrvConfig setBrokerChannelExpiredTime(long v) { brokerChannelExpiredTime = v; return this; }
    public int getServerWorkerThreads() { return serverWorkerThreads; }
    public NamesrvConfig setServerWorkerThreads(int v) { serverWorkerThreads = v; return this; }
}
