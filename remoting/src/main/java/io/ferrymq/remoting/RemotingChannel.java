package io.ferrymq.remoting;

import io.ferrymq.remoting.protocol.RemotingCommand;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One live connection as processors see it, without any Netty type: answer a request, call the peer
 * (a broker calling back a client), or close. Safe from any thread.
 */
public interface RemotingChannel {
    SocketAddress remoteAddress();

    /** The peer as "ip:port". */
    String remoteAddressText();

    SocketAddress localAddress();

    boolean isActive();

    /** Sends a response (or any command) without waiting; write failures are logged. */
    void write(RemotingCommand command);

    /** Calls the peer and completes with its response, or exceptionally on timeout or a dead channel. */
    CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis);

    /** Calls the peer without expecting an answer. */
    void invokeOneway(RemotingCommand request);

    void close();
}
