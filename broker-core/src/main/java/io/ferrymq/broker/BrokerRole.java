package io.ferrymq.broker;

/** A broker's place in its group: a master that acknowledges at once or after a slave has the data, or a slave. */
public enum BrokerRole {
    ASYNC_MASTER,
    SYNC_MASTER,
    SLAVE
}
