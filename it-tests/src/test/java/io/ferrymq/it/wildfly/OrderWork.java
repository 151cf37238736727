package io.ferrymq.it.wildfly;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import javax.sql.DataSource;
import java.sql.PreparedStatement;

/** Server side: an order's two pieces of transactional work, a row and a message, in the caller's transaction. */
final class OrderWork {
    private OrderWork() {
    }

    static void insert(DataSource database, String id, String item) throws Exception {
        try (java.sql.Connection db = database.getConnection();
             PreparedStatement insert = db.prepareStatement("INSERT INTO orders (id, item) VALUES (?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, item);
            insert.executeUpdate();
        }
    }

    static void send(ConnectionFactory factory, Queue queue, String id, String item) throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            TextMessage message = session.createTextMessage(item);
            message.setStringProperty("orderId", id);
            session.createProducer(queue).send(message);
        }
    }
}
