package io.ferrymq.store;

import java.util.concurrent.CompletableFuture;

/** Moves appended CommitLog bytes to disk, either on request (group commit) or on a timer. */
interface FlushService {
    void start();

    /**
     * Completes with true once everything below {@code offset} is forced to disk, with false if that did not
     * happen within the service's timeout (or the force failed).
     */
    CompletableFuture<Boolean> awaitFlushed(long offset);

    /** Forces everything written, stops the thread. */
    void shutdown();
}
