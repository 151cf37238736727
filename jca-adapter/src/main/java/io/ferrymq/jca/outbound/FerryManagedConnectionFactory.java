package io.ferrymq.jca.outbound;

import io.ferrymq.jca.FerryResourceAdapter;
import io.ferrymq.jms.FerryConnectionConfig;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.SecurityException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.security.PasswordCredential;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/**
 * The outbound connection definition (docs/jca.md): makes {@link FerryManagedConnection}s, which the application
 * server pools, and the {@link FerryRaConnectionFactory} applications look up. Its config properties override the
 * resource adapter's; a property left unset takes the adapter's value.
 *
 * <p>Config properties: {@code NamesrvAddr}, {@code UserName}, {@code Password}, {@code ConnectionOptions} (provider
 * options as a URL query, e.g. {@code sendTimeoutMillis=5000&prefetchSize=4}, applied over the adapter's options).
 *
 * <p>Equality is by configuration (JCA 5.3.1: the server may use it to find the pool of a factory). Configured once by
 * the container, then read from any thread.
 */
public class FerryManagedConnectionFactory
        implements ManagedConnectionFactory, ResourceAdapterAssociation, TransactionSupport {
    private static final long serialVersionUID = 1L;

    private String namesrvAddr;
    private String userName;
    private String password;
    private String connectionOptions;

    private transient volatile FerryResourceAdapter resourceAdapter;
    private transient volatile PrintWriter logWriter;

    // ------------------------------------------------------------------ config properties (JavaBean)

    public String getNamesrvAddr() {
        return namesrvAddr;
    }

    public void setNamesrvAddr(String namesrvAddr) {
        this.namesrvAddr = blankToNull(namesrvAddr);
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = blankToNull(userName);
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
        this.connectionOptions = blankToNull(connectionOptions);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    // ------------------------------------------------------------------ connection factories

    /** The factory an application server binds in JNDI: its connections come from the server's pool. */
    @Override
    public Object createConnectionFactory(ConnectionManager manager) throws ResourceException {
        connectionConfig();
        return new FerryRaConnectionFactory(this, manager);
    }

    /** A factory for use without an application server: each connection is a managed connection of its own. */
    @Override
    public Object createConnectionFactory() throws ResourceException {
        return createConnectionFactory(new UnpooledConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        FerryConnectionRequestInfo credentials = credentials(subject, info);
        return FerryManagedConnection.open(this, credentials);
    }

    /**
     * A managed connection that serves the request: one opened with the same credentials and not broken. Every
     * managed connection of this factory has the factory's properties (they are fixed once the server configured it),
     * so credentials are what tells them apart.
     */
    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        FerryConnectionRequestInfo wanted = credentials(subject, info);
        for (Object o : candidates) {
            if (o instanceof FerryManagedConnection mc && mc.factory().equals(this) && mc.credentials().equals(wanted)
                    && mc.isUsable()) {
                return mc;
            }
        }
        return null;
    }

    /**
     * The credentials for a request: a container's Subject (container-managed sign-on) wins, then the application's
     * {@code createConnection(user, password)}, then the factory's and the adapter's UserName/Password (left to the
     * connection config, so the request info stays the shared default).
     */
    FerryConnectionRequestInfo credentials(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (subject != null) {
            for (PasswordCredential pc : subject.getPrivateCredentials(PasswordCredential.class)) {
                if (pc.getManagedConnectionFactory() == null || pc.getManagedConnectionFactory().equals(this)) {
                    return new FerryConnectionRequestInfo(pc.getUserName(),
                            pc.getPassword() == null ? null : new String(pc.getPassword()));
                }
            }
            if (info == null) {
                // A Subject without a credential for this factory: the configured credentials apply (how servers
                // pass a recovery "security domain" that maps to nothing FerryMQ knows).
                return FerryConnectionRequestInfo.DEFAULT;
            }
        }
        if (info == null) {
            return FerryConnectionRequestInfo.DEFAULT;
        }
        if (info instanceof FerryConnectionRequestInfo ferry) {
            return ferry;
        }
        throw new SecurityException("FMQ-JCA-101 unexpected ConnectionRequestInfo " + info.getClass().getName()
                + "; FerryMQ's factory only knows its own");
    }

    /**
     * The provider settings of this factory's connections: the adapter's, overridden by this factory's properties.
     *
     * @throws InvalidPropertyException a property is not valid (named in the message, FMQ-JCA-102)
     */
    FerryConnectionConfig connectionConfig() throws InvalidPropertyException {
        try {
            FerryConnectionConfig config = resourceAdapter != null ? resourceAdapter.connectionConfig()
                    : new FerryConnectionConfig();
            if (namesrvAddr != null) {
                config.setNamesrvAddr(namesrvAddr);
            }
            if (connectionOptions != null) {
                for (String pair : connectionOptions.split("&")) {
                    if (pair.isBlank()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("ConnectionOptions entry '" + pair.trim()
                                + "' is not option=value");
                    }
                    config.set(decode(pair.substring(0, eq).trim()), decode(pair.substring(eq + 1)));
                }
            }
            if (userName != null) {
                config.setUser(userName);
                config.setPassword(password);
            }
            return config;
        } catch (IllegalArgumentException e) {
            InvalidPropertyException bad = new InvalidPropertyException("FMQ-JCA-102 invalid FerryMQ connection"
                    + " factory configuration: " + e.getMessage(), e);
            throw bad;
        }
    }

    /** Percent-decoding as the provider's URLs do it: '+' is a plus, not a space (docs/jms.md). */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ container contracts

    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return TransactionSupportLevel.XATransaction;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (!(ra instanceof FerryResourceAdapter ferry)) {
            throw new jakarta.resource.spi.ResourceAdapterInternalException("FMQ-JCA-103 FerryMQ's connection factory"
                    + " belongs to FerryMQ's resource adapter, not " + (ra == null ? "null" : ra.getClass().getName()));
        }
        if (resourceAdapter != null && resourceAdapter != ra) {
            throw new jakarta.resource.spi.IllegalStateException("FMQ-JCA-104 the connection factory is associated"
                    + " with a resource adapter already (JCA 5.3.2: once only)");
        }
        this.resourceAdapter = ferry;
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
    public boolean equals(Object o) {
        return o instanceof FerryManagedConnectionFactory f && f.getClass() == getClass()
                && Objects.equals(namesrvAddr, f.namesrvAddr) && Objects.equals(userName, f.userName)
                && Objects.equals(password, f.password) && Objects.equals(connectionOptions, f.connectionOptions)
                && Objects.equals(resourceAdapter, f.resourceAdapter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namesrvAddr, userName, connectionOptions);
    }

    @Override
    public String toString() {
        return "FerryManagedConnectionFactory[" + (namesrvAddr == null ? "adapter's nameservers" : namesrvAddr)
                + (userName == null ? "" : ", user " + userName) + "]";
    }
}
