package io.ferrymq.remoting;

import io.ferrymq.remoting.protocol.RemotingCommand;

/**
 * Handles one family of request codes. Runs on the executor it was registered with.
 */
@FunctionalInterface
public interface RequestProcessor {
    /**
     * @return the response, or null to answer later through {@link RemotingChannel#write} (long polling,
     *     async store) or not at all (oneway requests are never answered whatever is returned)
     * @throws Exception answered with SYSTEM_ERROR and the exception text
     */
    RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws Exception;

    /** True to refuse new requests at once with SYSTEM_BUSY (flow control). */
    default boolean rejectRequest() {
        return false;
    }
}
