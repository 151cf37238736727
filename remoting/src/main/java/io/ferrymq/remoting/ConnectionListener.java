package io.ferrymq.remoting;

/** Told about connections opening and closing; called on transport threads: be quick. */
public interface ConnectionListener {
    default void onConnected(RemotingChannel channel) {
    }

    default void onClosed(RemotingChannel channel) {
    }
}
