package io.ferrymq.store;

import java.util.concurrent.locks.LockSupport;

/**
 * A store background service that owns one daemon thread running {@link #run()} until {@link #stop()}.
 * {@link #start()} and {@link #stop()} are called by the store's lifecycle thread; {@link #wakeUp()} by
 * anyone.
 */
abstract class ServiceThread implements Runnable {
    private final Thread thread;
    private volatile boolean running = true;

    protected ServiceThread(String name) {
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    protected final boolean isRunning() {
        return running;
    }

    protected final boolean isAlive() {
        return thread.isAlive();
    }

    /** Sleeps up to {@code millis}; {@link #wakeUp()} and {@link #stop()} end the sleep early. */
    protected final void pause(long millis) {
        LockSupport.parkNanos(millis * 1_000_000L);
    }

    void wakeUp() {
        LockSupport.unpark(thread);
    }

    /** Called by {@link #stop()} after the running flag drops, to wake a thread blocked elsewhere. */
    protected void onStop() {
    }

    /** Asks the loop to end and waits for it (up to 10 s). */
    void stop() {
        running = false;
        onStop();
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
