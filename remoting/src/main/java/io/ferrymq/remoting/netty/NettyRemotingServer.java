package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.RemotingConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * A remoting server: accepts connections on one port and dispatches requests to the registered
 * processors. {@link #start()} and {@link #shutdown()} once each, from one thread.
 */
public final class NettyRemotingServer extends NettyRemotingEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingServer.class);

    private final RemotingConfig config;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private boolean shutDown;

    public NettyRemotingServer(RemotingConfig config) {
        this.config = config;
    }

    public void start() throws InterruptedException {
        boss = Transport.group(1, "ferrymq-accept");
        workers = Transport.group(config.getIoThreads(), "ferrymq-io");
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        installPipeline(ch, config);
                    }
                });
        serverChannel = b.bind(config.getBindAddress(), config.getListenPort()).sync().channel();
        LOG.info("FMQ-REMOTING-001 listening on {} ({})", serverChannel.localAddress(),
                Transport.nativeEpoll() ? "epoll" : "nio");
    }

    /** The port actually bound (useful when configured with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public synchronized void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
