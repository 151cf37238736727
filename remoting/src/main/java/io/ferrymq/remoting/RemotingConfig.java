package io.ferrymq.remoting;

/**
 * Transport settings of a server or client. Defaults follow RocketMQ: 16 MiB frames
 * ({@code com.rocketmq.remoting.frameMaxLength}), 120 s idle connections closed. Clients share their event loop
 * threads with the JVM's other clients unless {@code ferrymq.remoting.sharedEventLoops=false}. Mutable until used.
 */
public class RemotingConfig {
    private String bindAddress = "0.0.0.0";
    private int listenPort = 0;
    private int ioThreads = 2;
    private int maxFrameLength = Integer.getInteger("com.rocketmq.remoting.frameMaxLength", 16 * 1024 * 1024);
    private int idleSeconds = 120;
    private int connectTimeoutMillis = 3_000;
    /**
     * Clients only (a server always owns its threads): whether this client's connections run on the event loop group
     * every sharing client of the JVM with the same {@link #getIoThreads()} uses, rather than on threads of its own.
     * Eight JMS connections then cost two I/O threads, not sixteen, and fewer wake-ups on a small machine; a client that
     * must not wait behind others' I/O (or others behind its own) sets false.
     */
    private boolean sharedEventLoops =
            Boolean.parseBoolean(System.getProperty("ferrymq.remoting.sharedEventLoops", "true"));

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
    public boolean isSharedEventLoops() { return sharedEventLoops; }
    public RemotingConfig setSharedEventLoops(boolean v) { sharedEventLoops = v; return this; }
}
