package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/** A Netty channel seen as a {@link RemotingChannel}; one per connection, kept as a channel attribute. */
final class NettyChannel implements RemotingChannel {
    private static final AttributeKey<NettyChannel> KEY = AttributeKey.valueOf("ferrymq.channel");

    private final Channel channel;
    private final NettyRemotingEndpoint endpoint;
    private final String remoteText;

    private NettyChannel(Channel channel, NettyRemotingEndpoint endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.remoteText = addressText(channel.remoteAddress());
    }

    static NettyChannel of(Channel channel, NettyRemotingEndpoint endpoint) {
        NettyChannel existing = channel.attr(KEY).get();
        if (existing != null) {
            return existing;
        }
        NettyChannel created = new NettyChannel(channel, endpoint);
        NettyChannel raced = channel.attr(KEY).setIfAbsent(created);
        return raced != null ? raced : created;
    }

    static String addressText(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    Channel netty() {
        return channel;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public String remoteAddressText() {
        return remoteText;
    }

    @Override
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public void write(RemotingCommand command) {
        endpoint.write(this, command);
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis) {
        return endpoint.invoke(this, request, timeoutMillis);
    }

    @Override
    public void invokeOneway(RemotingCommand request) {
        request.markOneway();
        endpoint.write(this, request);
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "channel[" + remoteText + "]";
    }
}
