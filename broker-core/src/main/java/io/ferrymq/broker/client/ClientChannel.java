package io.ferrymq.broker.client;

import io.ferrymq.remoting.RemotingChannel;

/** A client connection as the broker knows it: its channel, client id, language, version, and last heartbeat. */
public record ClientChannel(RemotingChannel channel, String clientId, String language, int version, long lastUpdate) {
}
