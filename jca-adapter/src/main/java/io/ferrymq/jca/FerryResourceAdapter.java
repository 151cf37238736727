package io.ferrymq.jca;

import io.ferrymq.jca.inbound.InboundActivations;
import io.ferrymq.jms.FerryConnectionConfig;
import io.ferrymq.jms.FerryXAConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The resource adapter: where the cluster is (its config properties, the defaults of every connection factory and
 * activation), inbound delivery to message endpoints, and the XAResources a transaction manager recovers through.
 *
 * <p>Config properties (ra.xml, or the server's resource-adapter configuration): {@code NamesrvAddr}
 * ("host:port;host:port"), {@code UserName}, {@code Password}, {@code ConnectionOptions} (further
 * {@link FerryConnectionConfig} options as a URL query, e.g. {@code requestTimeoutMillis=5000&prefetchSize=16}).
 *
 * <p>Lifecycle by the container: {@link #start}, activations, {@link #stop}. Thread-safe.
 */
public class FerryResourceAdapter implements ResourceAdapter, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FerryResourceAdapter.class);

    private String namesrvAddr = "127.0.0.1:9876";
    private String userName;
    private String password;
    private String connectionOptions;

    private transient BootstrapContext bootstrap;
    private transient InboundActivations activations;
    /** Connections opened for transaction recovery; closed at stop. */
    private final transient List<XAConnection> recoveryConnections = new ArrayList<>();

    // ------------------------------------------------------------------ config properties (JavaBean)

    public String getNamesrvAddr() {
        return namesrvAddr;
    }

    public void setNamesrvAddr(String namesrvAddr) {
        this.namesrvAddr = namesrvAddr;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getConnectionOptions() {
        return connectionOptions;
    }

    public void setConnectionOptions(String connectionOptions) {
        this.connectionOptions = connectionOptions;
    }

    /**
     * The connection settings these properties describe: a new config each call, which a connection factory or an
     * activation may then override.
     *
     * @throws IllegalArgumentException a property is not valid (named in the message)
     */
    public FerryConnectionConfig connectionConfig() {
        String options = connectionOptions == null || connectionOptions.isBlank() ? "" : "?" + connectionOptions.trim();
        FerryConnectionConfig config = FerryConnectionConfig.fromUrl("ferrymq://" + namesrvAddr.trim() + options);
        if (userName != null && !userName.isBlank()) {
            config.setUser(userName);
            config.setPassword(password);
        }
        return config;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        try {
            connectionConfig();
        } catch (IllegalArgumentException e) {
            throw new ResourceAdapterInternalException("FMQ-JCA-001 invalid resource adapter configuration: "
                    + e.getMessage(), e);
        }
        this.bootstrap = context;
        this.activations = new InboundActivations(this, context);
        LOG.info("FMQ-JCA-002 FerryMQ resource adapter started for nameservers {}", namesrvAddr);
    }

    @Override
    public void stop() {
        if (activations != null) {
            activations.stopAll();
        }
        synchronized (recoveryConnections) {
            for (XAConnection c : recoveryConnections) {
                try {
                    c.close();
                } catch (JMSException e) {
                    LOG.debug("FMQ-JCA-003 closing a recovery connection failed: {}", e.toString());
                }
            }
            recoveryConnections.clear();
        }
        LOG.info("FMQ-JCA-004 FerryMQ resource adapter stopped");
    }

    /** The container's bootstrap context (work manager, timers); null before start. */
    public BootstrapContext bootstrapContext() {
        return bootstrap;
    }

    // ------------------------------------------------------------------ inbound

    @Override
    public void endpointActivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) throws ResourceException {
        checkStarted();
        activations.activate(endpointFactory, spec);
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) {
        if (activations != null) {
            activations.deactivate(endpointFactory, spec);
        }
    }

    // ------------------------------------------------------------------ recovery

    /**
     * One XAResource for the cluster: FerryMQ's brokers list every in-doubt branch of the cluster whichever
     * connection prepared it, so one resource recovers the work of every activation and connection factory.
     */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) throws ResourceException {
        checkStarted();
        try {
            FerryXAConnectionFactory factory = new FerryXAConnectionFactory(connectionConfig());
            XAConnection connection = factory.createXAConnection();
            synchronized (recoveryConnections) {
                recoveryConnections.add(connection);
            }
            return new XAResource[] {connection.createXASession().getXAResource()};
        } catch (JMSException e) {
            throw new ResourceException("FMQ-JCA-005 cannot open a connection for transaction recovery: "
                    + e.getMessage(), e);
        }
    }

    private void checkStarted() throws ResourceException {
        if (activations == null) {
            throw new jakarta.resource.spi.IllegalStateException("FMQ-JCA-006 the resource adapter is not started");
        }
    }

    // ------------------------------------------------------------------ JavaBean identity (JCA 5.3.1)

    @Override
    public boolean equals(Object o) {
        return o instanceof FerryResourceAdapter r && r.getClass() == getClass()
                && Objects.equals(namesrvAddr, r.namesrvAddr) && Objects.equals(userName, r.userName)
                && Objects.equals(password, r.password) && Objects.equals(connectionOptions, r.connectionOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namesrvAddr, userName, connectionOptions);
    }

    @Override
    public String toString() {
        return "FerryResourceAdapter[" + namesrvAddr + (userName == null ? "" : ", user " + userName) + "]";
    }
}
