package io.ferrymq.remoting.protocol.header;

import io.ferrymq.remoting.protocol.Required;

/**
 * Header of the DISPATCH_* requests (FerryMQ's own codes): per-message delivery of a subscription's messages.
 *
 * <ul>
 *   <li>{@code startFrom}: where a subscription without committed offsets begins, {@code FIRST} (every retained
 *       message: a queue) or {@code LAST} (only messages stored from now on: a new topic subscription).</li>
 *   <li>{@code queueNums}: queues of the topic when DISPATCH_SUBSCRIBE creates it.</li>
 *   <li>{@code excludeTag}: messages with this tag never belong to the subscription (a JMS queue and a JMS topic of
 *       the same name share a RocketMQ topic; each kind's messages carry their kind's tag).</li>
 *   <li>{@code expressionType}/{@code expression}: a selector (TAG, SQL92, or the broker's other filter types);
 *       {@code selectorScope} {@code SUBSCRIPTION} means messages it rejects are done for the subscription (every
 *       consumer of it shares the selector), {@code CONSUMER} that they stay for consumers with other selectors.</li>
 *   <li>{@code maxMessages}, {@code leaseMillis}: how many messages to lease, and for how long each stays invisible
 *       to other consumers unless acknowledged, released or renewed.</li>
 *   <li>{@code pollMillis}: how long a receive that finds nothing waits for a message.</li>
 *   <li>{@code maxDeliveries}: a message delivered this many times without acknowledgement goes to the group's
 *       dead-letter queue instead of being delivered again.</li>
 *   <li>{@code groupProperty}, {@code consumerId}: messages carrying this property (JMSXGroupID) form groups; while
 *       a consumer has a message of a group leased, the group's other messages go to that consumer only.</li>
 *   <li>{@code delayMillis}: for DISPATCH_RELEASE, how long released messages wait before delivery again;
 *       {@code delivered} false means the consumer never handed them to the application (no delivery counted).</li>
 * </ul>
 */
public class DispatchRequestHeader {
    @Required
    public String consumerGroup;
    @Required
    public String topic;
    public Integer queueId;
    public String startFrom;
    public Integer queueNums;
    public String excludeTag;
    public String expressionType;
    public String expression;
    public String selectorScope;
    public Integer maxMessages;
    public Long leaseMillis;
    public Long pollMillis;
    public Integer maxDeliveries;
    public Long delayMillis;
    public Boolean delivered;
    public String entries;
    public String groupProperty;
    public String consumerId;
}
