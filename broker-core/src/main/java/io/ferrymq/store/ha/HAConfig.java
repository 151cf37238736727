package io.ferrymq.store.ha;

/**
 * Replication settings (RocketMQ's defaults): chunks of 32 KiB, a heartbeat after 5 s of silence,
 * a connection given up after 20 s without traffic, reconnects every 5 s. Immutable.
 */
public record HAConfig(String bindAddress, int listenPort, int transferBatchSize, long heartbeatIntervalMillis,
                       long housekeepingIntervalMillis, long reconnectIntervalMillis) {

    public static HAConfig defaults(String bindAddress, int listenPort) {
        return new HAConfig(bindAddress, listenPort, 32 * 1024, 5_000, 20_000, 5_000);
    }
}
