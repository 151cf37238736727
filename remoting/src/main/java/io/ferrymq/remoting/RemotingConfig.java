package io.ferrymq.remoting;

/**
 * Transport settings of a server or client. Defaults follow RocketMQ: 16 MiB frames
 * ({@code com.rocketmq.remoting.frameMaxLength}), 120 s idle connections closed. Mutable until used.
 */
public class RemotingConfig {
    private String bindAddress = "0.0.0.0";
    private int listenPort = 0;
    private int ioThreads = 2;
    private int maxFrameLength = Integer.getInteger("com.rocketmq.remoting.frameMaxLength", 16 * 1024 * 1024);
    private int idleSeconds = 120;
    private int connectTimeoutMillis = 3_000;

    public String getBindAddress() { return bindAddress; }
    public RemotingConfig setBindAddress(String v) { bindAddress = v; return this; }
    public int getListenPort() { return listenPort; }
    public RemotingConfig setListenPort(int v) { listenPort = v; return this; }
    public int getIoThreads() { return ioThreads; }
    public RemotingConfig setIoThreads(int v) { ioThreads = v; return this; }
    public int getMaxFrameLength() { return maxFrameLength; }
    public RemotingConfig setMaxFrameLength(int v) { maxFrameLength = v; return this; }
    public int getIdleSeconds() { return idleSeconds; }
    public RemotingConfig setIdleSeconds(int v) { idleSeconds = v; return this; }
    public int getConnectTimeoutMillis() { return connectTimeoutMillis; }
    public RemotingConfig setConnectTimeoutMillis(int v) { connectTimeoutMillis = v; return this; }
}
