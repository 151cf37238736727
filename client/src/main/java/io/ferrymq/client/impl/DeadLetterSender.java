package io.ferrymq.client.impl;

import io.ferrymq.client.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands a message that used up its redeliveries to its group's dead-letter queue with CONSUMER_SEND_MSG_BACK, for
 * orderly consumption. Orderly redeliveries happen in place, so the stored reconsume count is still 0: the request
 * says {@code maxReconsumeTimes = 0}, which makes any RocketMQ-protocol broker dead-letter it at once (reconsume
 * count >= max) and lets FerryMQ's record the cause as "max reconsume times reached"; the number of failed
 * deliveries and the last failure travel in FerryMQ's {@code failureReason} field, which other brokers ignore.
 * Stateless; safe from any thread.
 */
final class DeadLetterSender {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSender.class);
    private static final long SEND_BACK_TIMEOUT_MILLIS = 6_000;

    private final SendBackApi sendBack;
    private final String group;

    DeadLetterSender(ClientInstance client, String group) {
        this.sendBack = new SendBackApi(client);
        this.group = group;
    }

    /** True once the broker confirmed it stored the dead letter; false (logged) otherwise. */
    boolean send(ReceivedMessage m, int failedDeliveries, String failure) {
        try {
            sendBack.sendBack(group, m, SendBackApi.BROKER_CHOOSES, 0,
                    "failed " + failedDeliveries + " orderly deliveries; last: " + failure)
                    .get(SEND_BACK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warn("FMQ-CLIENT-212 dead letter {} of {} not taken by the broker: {}", m.msgId(), group,
                    cause.getMessage());
        }
        return false;
    }
}
