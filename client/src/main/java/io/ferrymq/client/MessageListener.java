package io.ferrymq.client;

/** Consumes messages a push consumer delivers. Called from the consumer's threads; must be thread-safe. */
@FunctionalInterface
public interface MessageListener {
    /** What became of a delivered message. */
    enum Result { SUCCESS, RETRY_LATER }

    /** @throws Exception treated as {@link Result#RETRY_LATER} */
    Result consume(ReceivedMessage message) throws Exception;
}
