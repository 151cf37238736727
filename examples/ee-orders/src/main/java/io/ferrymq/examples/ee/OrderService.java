package io.ferrymq.examples.ee;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Places orders: the order row and its "order placed" message in one container (XA) transaction, so both or
 * neither happen. A stateless session bean; the container gives each call its own instance.
 */
@Stateless
public class OrderService {
    private static final Logger LOG = Logger.getLogger(OrderService.class.getName());
    /** Items the shop declines: their orders fail after the send, to show the rollback. */
    private static final Set<String> DECLINED = Set.of("fail");

    @PersistenceContext
    private EntityManager em;

    /** The adapter's pooled, XA-capable connection factory (see the WildFly configuration in README.md). */
    @Resource(lookup = "java:/jms/FerryCF")
    private ConnectionFactory connectionFactory;

    /** An admin object of the adapter: FerryMQ queue {@code orders}. */
    @Resource(lookup = "java:/jms/queue/orders")
    private Queue ordersQueue;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public CustomerOrder place(String item) {
        CustomerOrder order = new CustomerOrder(item);
        em.persist(order);
        em.flush(); // the id for the message, and the database enlisted first (Narayana commits in that order)

        // A context of the pooled connection, enlisted in this transaction: the send is held (prepared as a FerryMQ
        // half message) until the transaction commits, and vanishes if it rolls back.
        try (JMSContext jms = connectionFactory.createContext()) {
            jms.createProducer().setProperty("item", item).send(ordersQueue, String.valueOf(order.getId()));
        }
        LOG.info(() -> "FerryMQ example: order " + order.getId() + " (" + item + ") placed, message sent");

        if (DECLINED.contains(item)) {
            throw new OrderDeclinedException("item '" + item + "' is not sold here; order " + order.getId()
                    + " and its message are rolled back");
        }
        return order;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<CustomerOrder> list() {
        return em.createQuery("select o from CustomerOrder o order by o.id", CustomerOrder.class).getResultList();
    }
}
