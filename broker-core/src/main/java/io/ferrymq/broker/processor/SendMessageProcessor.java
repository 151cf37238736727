package io.ferrymq.broker.processor;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerStats;
import io.ferrymq.broker.retry.SendBackService;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.transaction.HalfMessageCodec;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.UniqueMessageIds;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RemotingCommandException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.SendMessageRequestHeader;
import io.ferrymq.remoting.protocol.header.SendMessageRequestHeaderV2;
import io.ferrymq.remoting.protocol.header.SendMessageResponseHeader;
import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.TopicConfig;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.PutResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The send family: SEND_MESSAGE, SEND_MESSAGE_V2, SEND_BATCH_MESSAGE. Checks the request the way the
 * official broker does (permission, topic, auto-creation, queue id, size), appends through the store and
 * answers when the store says the message is durable, without holding an executor thread meanwhile.
 * Stateless; runs on the send executor.
 */
public final class SendMessageProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(SendMessageProcessor.class);
    /** Larger bodies go to the send pool: copying and encoding a few MiB would hold up the I/O thread's connections. */
    private static final int INLINE_MAX_BODY_BYTES = 256 * 1024;
    /** Above a body in a stored record: the fixed fields, topic and properties (at most 32 KiB) with room to spare. */
    private static final int INLINE_RECORD_OVERHEAD_BYTES = 64 * 1024;

    private final BrokerConfig config;
    private final TopicConfigTable topics;
    private final MessageStore store;
    private final InetSocketAddress storeHost;
    private final BrokerStats stats;
    /** Applies the DLQ rule to plain sends into a retry topic (the official client's send-back fallback). */
    private SendBackService sendBack;

    public SendMessageProcessor(BrokerConfig config, TopicConfigTable topics, MessageStore store, BrokerStats stats) {
        this.config = config;
        this.topics = topics;
        this.store = store;
        this.stats = stats;
        this.storeHost = new InetSocketAddress(config.getBrokerIP1(), config.getListenPort());
    }

    /** Lets plain sends to {@code %RETRY%<group>} go to the group's DLQ past its max reconsume times. */
    public SendMessageProcessor retryRouting(SendBackService sendBack) {
        this.sendBack = sendBack;
        return this;
    }

    /**
     * A plain send whose append cannot wait runs on the I/O thread (see {@code BrokerConfig#sendOnIoThread}): the
     * store answers through a future, so nothing here waits for a force or a slave. Sends that may create a topic
     * (auto-creation writes the topic table and tells the nameservers), retry-topic sends (the DLQ rule may create
     * one), batches (their decoding is long) and appends that would open a new CommitLog file go to the send pool.
     * Alternating benchmark runs measured 6–28 % more persistent JMS sends with eight producers this way
     * (docs/benchmarks-jms.md).
     */
    @Override
    public boolean runsOnIoThread(RemotingCommand request) {
        if (!config.isSendOnIoThread()) {
            return false;
        }
        String topic;
        if (request.code() == RequestCode.SEND_MESSAGE) {
            topic = request.ext("topic");
            if ("true".equals(request.ext("batch"))) {
                return false;
            }
        } else if (request.code() == RequestCode.SEND_MESSAGE_V2) {
            topic = request.ext("b");
            if ("true".equals(request.ext("m"))) {
                return false;
            }
        } else {
            return false;
        }
        int bodyLength = request.body() == null ? 0 : request.body().length;
        return topic != null && bodyLength <= INLINE_MAX_BODY_BYTES
                && !topic.startsWith(DeliveryConst.RETRY_GROUP_TOPIC_PREFIX) && topics.get(topic) != null
                && store.appendFitsCurrentFile(bodyLength + INLINE_RECORD_OVERHEAD_BYTES);
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        SendMessageRequestHeader h = request.code() == RequestCode.SEND_MESSAGE
                ? request.header(SendMessageRequestHeader.class)
                : request.header(SendMessageRequestHeaderV2.class).toV1();
        RemotingCommand refusal = check(request, h);
        if (refusal != null) {
            return refusal;
        }
        TopicConfig topic = topics.get(h.topic);
        int queueId = h.queueId < 0 ? ThreadLocalRandom.current().nextInt(topic.writeQueueNums()) : h.queueId;
        byte[] body = request.body() == null ? new byte[0] : request.body();
        InetSocketAddress bornHost = (InetSocketAddress) channel.remoteAddress();
        boolean batch = request.code() == RequestCode.SEND_BATCH_MESSAGE || Boolean.TRUE.equals(h.batch);
        if (batch) {
            if (HalfMessageCodec.isTransactional(null, h.sysFlag)) {
                return RemotingCommand.responseTo(request, ResponseCode.MESSAGE_ILLEGAL,
                        "FMQ-TX-060 a batch cannot be transactional; send each transactional message on its own");
            }
            List<MessageToAppend> messages;
            try {
                messages = BatchDecoder.decode(body, h, queueId, bornHost, storeHost, extraProperties());
            } catch (IllegalArgumentException e) {
                return RemotingCommand.responseTo(request, ResponseCode.MESSAGE_ILLEGAL, e.getMessage());
            }
            answerWhenStored(channel, request, store.putMessagesAsync(messages), queueId, messages);
            return null;
        }
        String properties = withBrokerProperties(h.properties);
        MessageToAppend message = new MessageToAppend(h.topic, queueId, h.flag, body, properties, h.sysFlag,
                h.bornTimestamp, bornHost, storeHost, h.reconsumeTimes == null ? 0 : h.reconsumeTimes, 0L);
        if (sendBack != null && h.topic.startsWith(DeliveryConst.RETRY_GROUP_TOPIC_PREFIX)) {
            message = sendBack.routeRetrySend(message, h.maxReconsumeTimes);
            if (message == null) {
                return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                        "subscription group not exist, " + h.topic.substring(DeliveryConst.RETRY_GROUP_TOPIC_PREFIX.length()));
            }
        }
        if (HalfMessageCodec.isTransactional(properties, h.sysFlag)) {
            if (config.isRejectTransactionMessage()) {
                return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                        "the broker[" + config.getBrokerIP1() + "] sending transaction message is forbidden");
            }
            // Stored invisible in the half topic; the response still names the real queue, as RocketMQ's does.
            message = HalfMessageCodec.toHalf(message, h.producerGroup);
        }
        answerWhenStored(channel, request, store.putMessageAsync(message), queueId, List.of(message));
        return null;
    }

    private void answerWhenStored(RemotingChannel channel, RemotingCommand request,
                                  java.util.concurrent.CompletableFuture<PutResult> stored, int queueId,
                                  List<MessageToAppend> messages) {
        stored.whenComplete((r, error) -> {
            if (error != null) {
                LOG.error("FMQ-BROKER-051 storing a message for {} failed", messages.get(0).topic(), error);
                channel.write(RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                        "FMQ-BROKER-051 store failure: " + error));
            } else {
                channel.write(response(request, r, queueId, messages));
            }
        });
    }

    /** The official broker's checks, in its order; null when the request may be stored. */
    private RemotingCommand check(RemotingCommand request, SendMessageRequestHeader h) {
        if (!store.config().isMaster()) {
            return RemotingCommand.responseTo(request, ResponseCode.SERVICE_NOT_AVAILABLE,
                    "the broker[" + config.getBrokerName() + "] is a slave and does not accept messages");
        }
        if (!PermName.isWriteable(config.getBrokerPermission())) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "the broker[" + config.getBrokerIP1() + "] sending message is forbidden");
        }
        String problem = TopicNames.problem(h.topic);
        if (problem != null) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, problem);
        }
        if (TopicNames.isSystemTopicForbiddenToSend(h.topic)) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "sending message to system topic " + h.topic + " is forbidden");
        }
        TopicConfig topic = topics.get(h.topic);
        if (topic == null) {
            int sysFlag = h.unitMode ? 1 : 0;
            topic = topics.createForSend(h.topic, h.defaultTopic, h.defaultTopicQueueNums, sysFlag);
            if (topic == null && h.topic.startsWith(TopicConfigTable.RETRY_GROUP_TOPIC_PREFIX)) {
                topic = topics.ensureSystemTopic(h.topic, 1);
            }
            if (topic == null) {
                return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                        "topic[" + h.topic + "] not exist, apply first please!");
            }
        }
        if (!PermName.isWriteable(topic.perm())) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "the topic[" + h.topic + "] sending message is forbidden");
        }
        int queues = Math.max(topic.readQueueNums(), topic.writeQueueNums());
        if (h.queueId >= queues) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                    "request queueId[" + h.queueId + "] is illegal, " + topic + " Producer: "
                            + request.remark());
        }
        if (request.body() != null && request.body().length > store.config().getMaxMessageSize()
                && request.code() != RequestCode.SEND_BATCH_MESSAGE) {
            return RemotingCommand.responseTo(request, ResponseCode.MESSAGE_ILLEGAL, "message body size "
                    + request.body().length + " exceeds the broker's maxMessageSize " + store.config().getMaxMessageSize());
        }
        return null;
    }

    private String extraProperties() {
        return MessageConst.PROPERTY_CLUSTER + MessageProperties.NAME_VALUE_SEPARATOR + config.getBrokerClusterName()
                + MessageProperties.PROPERTY_SEPARATOR;
    }

    /** Adds CLUSTER, and a UNIQ_KEY when the client sent none (as 5.x brokers do). */
    private String withBrokerProperties(String properties) {
        String p = MessageProperties.terminated(properties);
        if (MessageProperties.find(p, MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) == null) {
            p = p + MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX + MessageProperties.NAME_VALUE_SEPARATOR
                    + UniqueMessageIds.next() + MessageProperties.PROPERTY_SEPARATOR;
        }
        return p + extraProperties();
    }

    private RemotingCommand response(RemotingCommand request, PutResult r, int queueId, List<MessageToAppend> sent) {
        int code = switch (r.status()) {
            case PUT_OK -> ResponseCode.SUCCESS;
            case FLUSH_DISK_TIMEOUT -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case FLUSH_SLAVE_TIMEOUT -> ResponseCode.FLUSH_SLAVE_TIMEOUT;
            case SLAVE_NOT_AVAILABLE -> ResponseCode.SLAVE_NOT_AVAILABLE;
            case MESSAGE_ILLEGAL -> ResponseCode.MESSAGE_ILLEGAL;
            case DISK_FULL, CREATE_MAPPED_FILE_FAILED, SERVICE_NOT_AVAILABLE -> ResponseCode.SERVICE_NOT_AVAILABLE;
        };
        RemotingCommand response = RemotingCommand.responseTo(request, code, r.detail());
        if (!r.isAppended()) {
            LOG.debug("FMQ-BROKER-050 send to {} refused: {}", sent.get(0).topic(), r.detail());
            return response;
        }
        stats.countPut(r.messageCount());
        SendMessageResponseHeader h = new SendMessageResponseHeader();
        h.queueId = queueId;
        h.queueOffset = r.queueOffset();
        h.msgId = offsetIds(r, sent);
        h.transactionId = MessageProperties.find(sent.get(0).properties(),
                MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        return response.header(h).putExt("MSG_REGION", "DefaultRegion").putExt("TRACE_ON", "true");
    }

    /** The offset message id of each stored record, comma-joined for a batch. */
    private String offsetIds(PutResult r, List<MessageToAppend> sent) {
        if (r.messageCount() <= 1) {
            return MessageIds.offsetMessageId(storeHost, r.wroteOffset());
        }
        StringBuilder ids = new StringBuilder();
        long offset = r.wroteOffset();
        for (int i = 0; i < r.messageCount(); i++) {
            if (i > 0) {
                ids.append(',');
            }
            ids.append(MessageIds.offsetMessageId(storeHost, offset));
            offset += BatchDecoder.storedLength(sent.get(i));
        }
        return ids.toString();
    }
}
