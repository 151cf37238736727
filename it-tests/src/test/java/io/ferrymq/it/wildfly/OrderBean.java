package io.ferrymq.it.wildfly;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;

import javax.sql.DataSource;

/**
 * Server side (test 5): one XA transaction over the H2 XA datasource and a FerryMQ send: inserts an order row and
 * sends the order to {@code wf-xa-orders}, then ends the transaction as asked (see {@link End}).
 */
@Stateless
public class OrderBean {
    @Resource(lookup = "java:/jdbc/FerryItXA")
    private DataSource database;

    @Resource(lookup = "java:/jms/FerryCF")
    private ConnectionFactory factory;

    @Resource(lookup = "java:/jms/queue/wf-xa-orders")
    private Queue orders;

    @Resource
    private SessionContext context;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void place(String id, String item, String outcome) throws Exception {
        OrderWork.insert(database, id, item);
        OrderWork.send(factory, orders, id, item);
        End.as(outcome, context);
    }
}
