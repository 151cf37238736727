package io.ferrymq.client;

/** Consumes messages a push consumer delivers. Called from the consumer's threads; must be thread-safe. */
@FunctionalInterface
public interface MessageListener {
    /**
     * What became of a delivered message. {@code RETRY_LATER}: the broker delivers it again after a growing
     * delay, to the group's dead-letter queue after the consumer's max reconsume times. {@code DEAD_LETTER}:
     * to the dead-letter queue at once (a poison message; {@link PoisonMessageException} does the same with a
     * reason).
     */
    enum Result { SUCCESS, RETRY_LATER, DEAD_LETTER }

    /**
     * @throws PoisonMessageException treated as {@link Result#DEAD_LETTER}, its message kept as the reason
     * @throws Exception              treated as {@link Result#RETRY_LATER}, its text kept as the reason
     */
    Result consume(ReceivedMessage message) throws Exception;
}
