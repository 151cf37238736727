package io.ferrymq.remoting;

import io.ferrymq.remoting.protocol.RemotingCommand;

/**
 * Handles one family of request codes. Runs on the executor it was registered with, or on the I/O thread for the
 * requests {@link #runsOnIoThread} picks.
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

    /**
     * True when {@code request} may be processed right on the transport's I/O thread that read it, instead of being
     * handed to the executor it was registered with: a thread hand-over less per request. Only for work that never
     * waits (no disk syncs, no calls to other servers, no file creation, locks held for microseconds), because an I/O
     * thread serves many connections and the executor's bounded queue is what answers SYSTEM_BUSY under overload.
     * Called on the I/O thread for every request of the processor's codes, so it must be cheap itself.
     */
    default boolean runsOnIoThread(RemotingCommand request) {
        return false;
    }
}
