package io.ferrymq.jca.outbound;

import io.ferrymq.jms.FerryConnectionConfig;
import io.ferrymq.jms.FerryXAConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.EISSystemException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.SecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * One pooled connection: one physical FerryMQ XA connection (its client, broker connections and heartbeats) and one
 * XA session, the unit a container enlists in transactions. Connection handles ({@link FerryConnectionHandle}) are
 * the application's view of it; their sessions all work through the one XA session, so whatever a handle does inside a
 * transaction is in the branch the container started on {@link #getXAResource()}.
 *
 * <p>Events: CONNECTION_CLOSED when a handle closes; CONNECTION_ERROR_OCCURRED when the provider reports lost contact
 * with the cluster (its ExceptionListener, FMQ-JMS-613/614), after which the connection no longer matches requests and
 * the pool destroys it. Thread-safe: the container, the application's threads and the provider's monitor thread call
 * it.
 */
public final class FerryManagedConnection implements ManagedConnection {
    private static final Logger LOG = LoggerFactory.getLogger(FerryManagedConnection.class);

    private final FerryManagedConnectionFactory factory;
    private final FerryConnectionRequestInfo credentials;
    private final String user;
    private final XAConnection physical;
    private final XASession session;
    private final ManagedXAResource xaResource;
    private final LocalXaTransaction localTransaction;
    private final Set<FerryConnectionHandle> handles = new CopyOnWriteArraySet<>();
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean broken;
    private volatile boolean destroyed;
    private volatile PrintWriter logWriter;

    private FerryManagedConnection(FerryManagedConnectionFactory factory, FerryConnectionRequestInfo credentials,
                                   String user, XAConnection physical, XASession session) {
        this.factory = factory;
        this.credentials = credentials;
        this.user = user;
        this.physical = physical;
        this.session = session;
        this.xaResource = new ManagedXAResource(session.getXAResource());
        this.localTransaction = new LocalXaTransaction(xaResource);
    }

    /** Connects to the cluster with the request's credentials (or the configured ones). */
    static FerryManagedConnection open(FerryManagedConnectionFactory factory, FerryConnectionRequestInfo credentials)
            throws ResourceException {
        FerryConnectionConfig config = factory.connectionConfig();
        String user = credentials.user() != null ? credentials.user() : config.getUser();
        String password = credentials.user() != null ? credentials.password() : config.getPassword();
        XAConnection connection;
        try {
            connection = new FerryXAConnectionFactory(config).createXAConnection(user, password);
        } catch (JMSSecurityException e) {
            SecurityException denied = new SecurityException("FMQ-JCA-110 the FerryMQ cluster refused user " + user
                    + ": " + e.getMessage(), e.getErrorCode());
            denied.initCause(e);
            throw denied;
        } catch (JMSException e) {
            EISSystemException failed = new EISSystemException("FMQ-JCA-111 cannot connect to the FerryMQ cluster at "
                    + config.getNamesrvAddr() + ": " + e.getMessage(), e.getErrorCode());
            failed.initCause(e);
            throw failed;
        }
        try {
            XASession session = connection.createXASession();
            FerryManagedConnection mc = new FerryManagedConnection(factory, credentials, user, connection, session);
            connection.setExceptionListener(mc::connectionFailed);
            LOG.debug("FMQ-JCA-112 opened {}", mc);
            return mc;
        } catch (JMSException | RuntimeException e) {
            closeQuietly(connection);
            EISSystemException failed = new EISSystemException("FMQ-JCA-113 cannot open the session of a pooled"
                    + " connection: " + e.getMessage());
            failed.initCause(e);
            throw failed;
        }
    }

    FerryManagedConnectionFactory factory() {
        return factory;
    }

    FerryConnectionRequestInfo credentials() {
        return credentials;
    }

    /** False once the connection failed or was destroyed: the pool must not hand it out again. */
    boolean isUsable() {
        return !broken && !destroyed;
    }

    /** True while the session works in a transaction (a JTA branch or a container-local transaction). */
    boolean inTransaction() {
        return xaResource.inBranch();
    }

    XAConnection physical() {
        return physical;
    }

    /** The one XA session every handle's session works through. */
    XASession xaSession() throws jakarta.jms.IllegalStateException {
        if (destroyed) {
            throw new jakarta.jms.IllegalStateException("FMQ-JCA-114 the pooled connection was destroyed",
                    "FMQ-JCA-114");
        }
        return session;
    }

    /** A CLIENT_ACKNOWLEDGE session for one handle outside a transaction (the XA session acknowledges on delivery). */
    Session createClientAcknowledgeSession() throws JMSException {
        xaSession();
        return physical.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    }

    // ------------------------------------------------------------------ handles

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (destroyed) {
            throw new jakarta.resource.spi.IllegalStateException("FMQ-JCA-114 the pooled connection was destroyed");
        }
        FerryConnectionRequestInfo wanted = factory.credentials(subject, info);
        if (!wanted.equals(credentials)) {
            // Re-authentication would mean reconnecting; the pool matches by credentials, so this is a container bug.
            throw new SecurityException("FMQ-JCA-115 this pooled connection belongs to "
                    + (credentials.user() == null ? "the factory's credentials" : "user " + credentials.user())
                    + ", not to " + (wanted.user() == null ? "the factory's credentials" : "user " + wanted.user())
                    + " (re-authentication is not supported)");
        }
        FerryConnectionHandle handle = new FerryConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    /** A handle closed by the application: its resources are closed, the container hears of it. */
    void handleClosed(FerryConnectionHandle handle) {
        if (handles.remove(handle)) {
            ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
            event.setConnectionHandle(handle);
            for (ConnectionEventListener l : listeners) {
                l.connectionClosed(event);
            }
        }
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof FerryConnectionHandle handle)) {
            throw new jakarta.resource.spi.IllegalStateException("FMQ-JCA-116 not a FerryMQ connection handle: "
                    + (connection == null ? "null" : connection.getClass().getName()));
        }
        if (destroyed) {
            throw new jakarta.resource.spi.IllegalStateException("FMQ-JCA-114 the pooled connection was destroyed");
        }
        FerryManagedConnection previous = handle.reassociate(this);
        if (previous != null && previous != this) {
            previous.handles.remove(handle);
        }
        handles.add(handle);
    }

    /** Handles open on this connection now (for tests and diagnostics). */
    int handleCount() {
        return handles.size();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Back to the pool: every handle is invalidated (what the application left open is closed), the physical
     * connection and the session stay for the next user, stopped as a new connection is.
     */
    @Override
    public void cleanup() throws ResourceException {
        for (FerryConnectionHandle h : handles) {
            h.invalidate();
        }
        handles.clear();
        if (destroyed || broken) {
            return;
        }
        try {
            physical.stop();
        } catch (JMSException e) {
            LOG.debug("FMQ-JCA-117 stopping {} for the pool failed: {}", this, e.toString());
        }
    }

    @Override
    public void destroy() throws ResourceException {
        if (destroyed) {
            return;
        }
        destroyed = true;
        for (FerryConnectionHandle h : handles) {
            h.invalidate();
        }
        handles.clear();
        closeQuietly(physical);
        LOG.debug("FMQ-JCA-118 destroyed {}", this);
    }

    private static void closeQuietly(XAConnection c) {
        try {
            c.close();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("FMQ-JCA-119 closing a pooled connection failed: {}", e.toString());
        }
    }

    /** The provider's ExceptionListener: the cluster cannot be reached, so the pool should drop this connection. */
    void connectionFailed(JMSException problem) {
        if (destroyed) {
            return;
        }
        broken = true;
        LOG.warn("FMQ-JCA-120 {} reports a connection error; the pool will discard it: {}", this, problem.getMessage());
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, problem);
        for (ConnectionEventListener l : listeners) {
            try {
                l.connectionErrorOccurred(event);
            } catch (RuntimeException e) {
                LOG.warn("FMQ-JCA-121 a connection event listener failed: {}", e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public XAResource getXAResource() throws ResourceException {
        return xaResource;
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        return localTransaction;
    }

    // ------------------------------------------------------------------ events, metadata, log writer

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public ManagedConnectionMetaData getMetaData() throws ResourceException {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "FerryMQ";
            }

            @Override
            public String getEISProductVersion() {
                try {
                    return physical.getMetaData().getProviderVersion();
                } catch (JMSException e) {
                    return "unknown";
                }
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return user;
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public String toString() {
        return "FerryManagedConnection[" + physical + (user == null ? "" : ", user " + user)
                + (broken ? ", broken" : "") + (destroyed ? ", destroyed" : "") + "]";
    }
}
