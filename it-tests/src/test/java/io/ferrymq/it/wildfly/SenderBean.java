package io.ferrymq.it.wildfly;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * Server side (test 1): sends through the adapter's pooled connection factory in a container-managed transaction,
 * then ends it as asked: {@code commit}, {@code rollbackOnly} (setRollbackOnly) or {@code throw} (a system
 * exception, which rolls back).
 */
@Stateless
public class SenderBean {
    @Resource(lookup = "java:/jms/FerryCF")
    private ConnectionFactory factory;

    @Resource(lookup = "java:/jms/queue/wf-cmt")
    private Queue queue;

    @Resource
    private SessionContext context;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void send(String body, String outcome) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("outcome", outcome);
            session.createProducer(queue).send(message);
        }
        End.as(outcome, context);
    }
}
