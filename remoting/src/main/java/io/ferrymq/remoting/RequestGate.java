package io.ferrymq.remoting;

import io.ferrymq.remoting.protocol.RemotingCommand;

/**
 * Decides whether a request may reach its processor at all (a server's credential check, for example). Asked once
 * per request, on the processor's executor thread just before the processor runs, so slow checks never block the
 * transport. Must be safe from any thread.
 */
@FunctionalInterface
public interface RequestGate {
    /**
     * @return null to let the request through, else the response that refuses it (a oneway request is refused
     *     silently: it is never answered whatever is returned)
     */
    RemotingCommand refusalOf(RemotingChannel channel, RemotingCommand request);
}
