package io.ferrymq.it.wildfly;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.transaction.TransactionManager;

import javax.sql.DataSource;

/**
 * Server side (test 6): the transaction the server dies in: {@link CrashXAResource} (armed) enlisted first, then an
 * order row through the XA datasource and the order sent to {@code wf-crash-orders} through the adapter.
 */
@Stateless
public class CrashOrderBean {
    @Resource(lookup = "java:/TransactionManager")
    private TransactionManager tm;

    @Resource(lookup = "java:/jdbc/FerryItXA")
    private DataSource database;

    @Resource(lookup = "java:/jms/FerryCF")
    private ConnectionFactory factory;

    @Resource(lookup = "java:/jms/queue/wf-crash-orders")
    private Queue orders;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void placeAndDieInCommit(String id, String item) throws Exception {
        tm.getTransaction().enlistResource(new CrashXAResource(true));
        OrderWork.insert(database, id, item);
        OrderWork.send(factory, orders, id, item);
    }
}
