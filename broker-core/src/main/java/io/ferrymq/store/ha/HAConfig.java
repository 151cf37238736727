package io.ferrymq.store.ha;

import io.ferrymq.store.StoreConfig;

/**
 * Replication settings of one store, resolved (RocketMQ's defaults: chunks of 32 KiB, a heartbeat after 5 s
 * of silence, a connection given up after 20 s without traffic, reconnects every 5 s). Immutable.
 *
 * @param listenPort the master's replication port (0: any free port)
 */
public record HAConfig(String bindAddress, int listenPort, int transferBatchSize, long heartbeatIntervalMillis,
                       long housekeepingIntervalMillis, long reconnectIntervalMillis) {

    /** The settings of {@code config}, with the replication port resolved to {@code listenPort}. */
    public static HAConfig of(StoreConfig config, int listenPort) {
        String bind = config.getHaBindAddress() == null || config.getHaBindAddress().isBlank()
                ? "0.0.0.0" : config.getHaBindAddress();
        return new HAConfig(bind, listenPort, config.getHaTransferBatchSize(), config.getHaSendHeartbeatInterval(),
                config.getHaHousekeepingInterval(), config.getHaReconnectInterval());
    }
}
