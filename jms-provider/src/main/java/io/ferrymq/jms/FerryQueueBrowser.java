package io.ferrymq.jms;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.filter.Dialect;
import io.ferrymq.common.filter.FilterExpression;
import io.ferrymq.common.filter.FilterSyntaxException;
import io.ferrymq.jms.message.FerryMessage;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Looks at a queue's messages without consuming them: each enumeration is a snapshot, read from the queue's
 * committed offsets (messages handed to consumers and not yet acknowledged are included), of at most
 * {@value #LIMIT} messages, filtered by the selector here. Messages sent to a topic of the same name are not shown.
 * Not thread-safe (a session object).
 */
final class FerryQueueBrowser implements QueueBrowser {
    private static final Logger LOG = LoggerFactory.getLogger(FerryQueueBrowser.class);
    static final int LIMIT = 10_000;

    private final FerrySession session;
    private final Queue queue;
    private final String selector;
    private final FilterExpression filter;
    private boolean closed;

    FerryQueueBrowser(FerrySession session, Queue queue, String selector) throws JMSException {
        this.session = session;
        this.queue = queue;
        this.selector = selector == null || selector.isBlank() ? null : selector;
        try {
            this.filter = this.selector == null ? null : FilterExpression.compile(this.selector, Dialect.JMS);
        } catch (FilterSyntaxException e) {
            throw new InvalidSelectorException("FMQ-JMS-661 invalid selector: " + e.getMessage(), "FMQ-JMS-661");
        }
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw JmsErrors.closed("browser");
        }
        session.checkOpen();
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        return queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return selector;
    }

    @Override
    public Enumeration<Message> getEnumeration() throws JMSException {
        checkOpen();
        FerryDestination d = FerryDestination.from(queue);
        List<ReceivedMessage> raw;
        try {
            raw = session.connection().client().browse(session.names().queueGroup(d.topicName()), d.topicName(), LIMIT);
        } catch (ClientException e) {
            throw JmsErrors.fromClient("browsing " + queue, e);
        }
        List<Message> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (ReceivedMessage r : raw) {
            if (SubscriptionNames.TOPIC_TAG.equals(r.tag())) {
                continue;
            }
            FerryMessage m;
            try {
                m = session.connection().codec().decode(r);
            } catch (JMSException e) {
                LOG.debug("FMQ-JMS-670 browsing {}: message {} cannot be decoded: {}", queue, r.msgId(), e.getMessage());
                continue;
            }
            if (m.getJMSExpiration() != 0 && m.getJMSExpiration() <= now) {
                continue;
            }
            if (filter == null || filter.matches(new MessageSelectorView(m))) {
                out.add(m);
            }
        }
        return Collections.enumeration(out);
    }

    @Override
    public void close() {
        closed = true;
    }
}
