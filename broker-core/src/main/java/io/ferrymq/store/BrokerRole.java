package io.ferrymq.store;

/**
 * A store's place in its broker group (RocketMQ keeps it with the store settings too): a master that
 * acknowledges at once and ships to slaves in the background, a master that acknowledges only once a slave
 * holds the data, or a slave that copies its master's CommitLog and takes no sends.
 */
public enum BrokerRole {
    ASYNC_MASTER,
    SYNC_MASTER,
    SLAVE
}
