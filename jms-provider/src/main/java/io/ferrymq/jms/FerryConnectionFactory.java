package io.ferrymq.jms;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;

import javax.naming.Reference;
import javax.naming.Referenceable;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * FerryMQ's JMS connection factory: one class that is a {@link ConnectionFactory}, a {@link QueueConnectionFactory}
 * and a {@link TopicConnectionFactory}, configured through JavaBean setters (every option of
 * {@link FerryConnectionConfig}) or a {@code ferrymq://} URL, serializable and JNDI-referenceable.
 *
 * <p>Thread-safe once configured: connections take a copy of the configuration when they are created.
 */
public class FerryConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory,
        Referenceable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final FerryConnectionConfig config;

    public FerryConnectionFactory() {
        this(new FerryConnectionConfig());
    }

    /** A factory for the cluster at {@code url}, e.g. {@code ferrymq://ns1:9876;ns2:9876?prefetchSize=10}. */
    public FerryConnectionFactory(String url) {
        this(FerryConnectionConfig.fromUrl(url));
    }

    public FerryConnectionFactory(FerryConnectionConfig config) {
        this.config = config.copy();
    }

    /** The live configuration: changes apply to connections created afterwards. */
    public FerryConnectionConfig getConfig() {
        return config;
    }

    public String getNamesrvAddr() {
        return config.getNamesrvAddr();
    }

    public void setNamesrvAddr(String namesrvAddr) {
        config.setNamesrvAddr(namesrvAddr);
    }

    public String getClientID() {
        return config.getClientID();
    }

    public void setClientID(String clientID) {
        config.setClientID(clientID);
    }

    public String getUser() {
        return config.getUser();
    }

    public void setUser(String user) {
        config.setUser(user);
    }

    public void setPassword(String password) {
        config.setPassword(password);
    }

    public int getPrefetchSize() {
        return config.getPrefetchSize();
    }

    public void setPrefetchSize(int prefetchSize) {
        config.setPrefetchSize(prefetchSize);
    }

    public long getAckTimeoutMillis() {
        return config.getAckTimeoutMillis();
    }

    public void setAckTimeoutMillis(long millis) {
        config.setAckTimeoutMillis(millis);
    }

    public int getMaxDeliveryAttempts() {
        return config.getMaxDeliveryAttempts();
    }

    public void setMaxDeliveryAttempts(int attempts) {
        config.setMaxDeliveryAttempts(attempts);
    }

    public long getRedeliveryDelayMillis() {
        return config.getRedeliveryDelayMillis();
    }

    public void setRedeliveryDelayMillis(long millis) {
        config.setRedeliveryDelayMillis(millis);
    }

    public long getSendTimeoutMillis() {
        return config.getSendTimeoutMillis();
    }

    public void setSendTimeoutMillis(long millis) {
        config.setSendTimeoutMillis(millis);
    }

    public long getRequestTimeoutMillis() {
        return config.getRequestTimeoutMillis();
    }

    public void setRequestTimeoutMillis(long millis) {
        config.setRequestTimeoutMillis(millis);
    }

    public int getDefaultQueueCount() {
        return config.getDefaultQueueCount();
    }

    public void setDefaultQueueCount(int count) {
        config.setDefaultQueueCount(count);
    }

    public int getNonPersistentWindowBytes() {
        return config.getNonPersistentWindowBytes();
    }

    public void setNonPersistentWindowBytes(int bytes) {
        config.setNonPersistentWindowBytes(bytes);
    }

    public List<String> getTrustedPackages() {
        return config.getTrustedPackages();
    }

    public void setTrustedPackages(List<String> packages) {
        config.setTrustedPackages(packages);
    }

    public String getGroupPrefix() {
        return config.getGroupPrefix();
    }

    public void setGroupPrefix(String prefix) {
        config.setGroupPrefix(prefix);
    }

    /** Sets any option by its name, as the URL form and JNDI do. */
    public void setOption(String key, String value) {
        config.set(key, value);
    }

    public String toUrl() {
        return config.toUrl();
    }

    @Override
    public Connection createConnection() throws JMSException {
        return createConnection(config.getUser(), config.getPassword());
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return FerryConnection.open(config.copy(), userName, password);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return createQueueConnection(config.getUser(), config.getPassword());
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return FerryConnection.open(config.copy(), userName, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return createTopicConnection(config.getUser(), config.getPassword());
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return FerryConnection.open(config.copy(), userName, password);
    }

    @Override
    public JMSContext createContext() {
        return createContext(config.getUser(), config.getPassword(), JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return createContext(userName, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(config.getUser(), config.getPassword(), sessionMode);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        FerryJMSContext.checkSessionMode(sessionMode);
        try {
            return new FerryJMSContext(FerryConnection.open(config.copy(), userName, password), sessionMode);
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public Reference getReference() {
        return config.toReference(FerryConnectionFactory.class.getName());
    }

    @Override
    public String toString() {
        return "FerryConnectionFactory[" + config + "]";
    }
}
