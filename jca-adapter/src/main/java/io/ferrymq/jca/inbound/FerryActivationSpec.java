package io.ferrymq.jca.inbound;

import io.ferrymq.jca.FerryResourceAdapter;
import io.ferrymq.jms.FerryConnectionConfig;
import io.ferrymq.jms.InboundDelivery;
import jakarta.jms.InvalidSelectorException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

import java.beans.IntrospectionException;
import java.beans.PropertyDescriptor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How one message-driven bean consumes (docs/jca.md, "Inbound"): the standard JMS activation properties
 * ({@code destination}, {@code destinationType}, {@code messageSelector}, {@code acknowledgeMode},
 * {@code subscriptionDurability}, {@code clientId}, {@code subscriptionName}, {@code shared}) and FerryMQ's
 * ({@code namesrvAddr}, {@code consumerGroup}, {@code maxSession}, {@code orderedByGroup}, {@code maxRedeliveries},
 * {@code prefetchSize}). A JavaBean the container fills from {@code @ActivationConfigProperty} values, then checks
 * with {@link #validate()}.
 *
 * <p>Not thread-safe: the container configures it on one thread; an activation copies what it needs at start.
 */
public class FerryActivationSpec implements ActivationSpec, Serializable {
    private static final long serialVersionUID = 1L;

    public static final String QUEUE_TYPE = "jakarta.jms.Queue";
    public static final String TOPIC_TYPE = "jakarta.jms.Topic";
    public static final String AUTO_ACKNOWLEDGE = "Auto-acknowledge";
    public static final String DUPS_OK_ACKNOWLEDGE = "Dups-ok-acknowledge";
    public static final String DURABLE = "Durable";
    public static final String NON_DURABLE = "NonDurable";
    /**
     * Concurrent sessions (and so MDB instances) of one endpoint unless set: the default of Artemis' and HornetQ's
     * adapters, which users of WildFly size their pools for, and enough to keep a broker busy with slow listeners.
     */
    public static final int DEFAULT_MAX_SESSION = 15;
    /** The RocketMQ-style consumer group name rules (what {@code FerryConnectionConfig.groupPrefix} allows, less '_'). */
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]{1,63}");

    private transient ResourceAdapter resourceAdapter;

    private String destination;
    private String destinationLookup;
    private String connectionFactoryLookup;
    private String destinationType;
    private String messageSelector;
    private String acknowledgeMode = AUTO_ACKNOWLEDGE;
    private String subscriptionDurability = NON_DURABLE;
    private String clientId;
    private String subscriptionName;
    private Boolean shared = Boolean.FALSE;
    private String namesrvAddr;
    private String consumerGroup;
    private Integer maxSession = DEFAULT_MAX_SESSION;
    private Boolean orderedByGroup = Boolean.TRUE;
    private Integer maxRedeliveries;
    private Integer prefetchSize;

    // ------------------------------------------------------------------ ResourceAdapterAssociation

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (!(ra instanceof FerryResourceAdapter)) {
            throw new jakarta.resource.spi.IllegalStateException("FMQ-JCA-440 an activation spec of FerryMQ belongs to"
                    + " a FerryMQ resource adapter, not to " + ra);
        }
        this.resourceAdapter = ra;
    }

    // ------------------------------------------------------------------ standard JMS activation properties

    /** The queue or topic name (FerryMQ's name, as in {@code Session.createQueue}); or see {@code destinationLookup}. */
    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = trim(destination);
    }

    /** JMS 2.0's {@code destinationLookup}: a JNDI name of the Queue or Topic, looked up at activation. */
    public String getDestinationLookup() {
        return destinationLookup;
    }

    public void setDestinationLookup(String destinationLookup) {
        this.destinationLookup = trim(destinationLookup);
    }

    /**
     * JMS 2.0's {@code connectionFactoryLookup}: accepted so portable MDBs deploy, but not used — an endpoint connects
     * with the resource adapter's settings and this spec's overrides (logged at activation when set).
     */
    public String getConnectionFactoryLookup() {
        return connectionFactoryLookup;
    }

    public void setConnectionFactoryLookup(String connectionFactoryLookup) {
        this.connectionFactoryLookup = trim(connectionFactoryLookup);
    }

    /** {@code jakarta.jms.Queue} or {@code jakarta.jms.Topic} (also the {@code javax.jms.} forms); Queue if unset. */
    public String getDestinationType() {
        return destinationType;
    }

    public void setDestinationType(String destinationType) {
        this.destinationType = trim(destinationType);
    }

    public String getMessageSelector() {
        return messageSelector;
    }

    public void setMessageSelector(String messageSelector) {
        this.messageSelector = messageSelector == null || messageSelector.isBlank() ? null : messageSelector;
    }

    /** {@code Auto-acknowledge} (default) or {@code Dups-ok-acknowledge}: for FerryMQ both acknowledge each message. */
    public String getAcknowledgeMode() {
        return acknowledgeMode;
    }

    public void setAcknowledgeMode(String acknowledgeMode) {
        this.acknowledgeMode = trim(acknowledgeMode);
    }

    /** {@code Durable} or {@code NonDurable} (default); topics only. */
    public String getSubscriptionDurability() {
        return subscriptionDurability;
    }

    public void setSubscriptionDurability(String subscriptionDurability) {
        this.subscriptionDurability = trim(subscriptionDurability);
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = trim(clientId);
    }

    public String getSubscriptionName() {
        return subscriptionName;
    }

    public void setSubscriptionName(String subscriptionName) {
        this.subscriptionName = trim(subscriptionName);
    }

    /** A shared topic subscription (JMS 2.0): every endpoint (and server) using the name shares its messages. */
    public Boolean getShared() {
        return shared;
    }

    public void setShared(Boolean shared) {
        this.shared = shared == null ? Boolean.FALSE : shared;
    }

    // ------------------------------------------------------------------ FerryMQ properties

    /** Nameservers ({@code host:port;host:port}) overriding the resource adapter's {@code NamesrvAddr}. */
    public String getNamesrvAddr() {
        return namesrvAddr;
    }

    public void setNamesrvAddr(String namesrvAddr) {
        this.namesrvAddr = trim(namesrvAddr);
    }

    /**
     * The name this endpoint's consumer groups start with: with {@code G} they are {@code G_Q_<queue>},
     * {@code G_D_<clientId>_<name>}, {@code G_SD_...}, {@code G_S_...}, and the dead-letter queue
     * {@code %DLQ%G_Q_<queue>}. Unset: the JMS provider's ({@code JMS}, or the adapter's {@code groupPrefix} option),
     * so the endpoint competes with every other JMS consumer of a queue. A different name gives the endpoint its own
     * copy of a queue (its own position, redeliveries and DLQ), as RocketMQ consumer groups do.
     */
    public String getConsumerGroup() {
        return consumerGroup;
    }

    public void setConsumerGroup(String consumerGroup) {
        this.consumerGroup = trim(consumerGroup);
    }

    /** Concurrent sessions, each delivering to one MDB instance at a time (default {@value #DEFAULT_MAX_SESSION}). */
    public Integer getMaxSession() {
        return maxSession;
    }

    public void setMaxSession(Integer maxSession) {
        this.maxSession = maxSession;
    }

    /**
     * Messages of one JMSXGroupID go to one session at a time, in order (default true). False lets a group's messages
     * run concurrently, for endpoints that do not care about group order and have a few hot groups.
     */
    public Boolean getOrderedByGroup() {
        return orderedByGroup;
    }

    public void setOrderedByGroup(Boolean orderedByGroup) {
        this.orderedByGroup = orderedByGroup == null ? Boolean.TRUE : orderedByGroup;
    }

    /**
     * Deliveries after the first before a failing message goes to the dead-letter queue: delivered at most
     * {@code maxRedeliveries + 1} times. Unset: the adapter's {@code maxDeliveryAttempts} - 1 (15).
     */
    public Integer getMaxRedeliveries() {
        return maxRedeliveries;
    }

    public void setMaxRedeliveries(Integer maxRedeliveries) {
        this.maxRedeliveries = maxRedeliveries;
    }

    /** Messages each session leases ahead (1..65535). Unset: the adapter's {@code prefetchSize} (32). */
    public Integer getPrefetchSize() {
        return prefetchSize;
    }

    public void setPrefetchSize(Integer prefetchSize) {
        this.prefetchSize = prefetchSize;
    }

    // ------------------------------------------------------------------ derived

    boolean isTopic() {
        return destinationType != null && (destinationType.equals(TOPIC_TYPE) || destinationType.equals("javax.jms.Topic"));
    }

    boolean isDurable() {
        return DURABLE.equalsIgnoreCase(subscriptionDurability);
    }

    boolean isShared() {
        return Boolean.TRUE.equals(shared);
    }

    /**
     * Sessions the activation opens: an unshared durable subscription has one consumer at most (JMS 6.11.1), so it
     * gets one session whatever {@code maxSession} says; use {@code shared=true} to consume it concurrently.
     */
    int effectiveMaxSession() {
        return isTopic() && isDurable() && !isShared() ? 1 : maxSession;
    }

    /**
     * The connection settings of this endpoint: the adapter's, with this spec's overrides.
     *
     * @throws IllegalArgumentException an adapter property or override is not valid (FMQ-JMS-90x, naming it)
     */
    FerryConnectionConfig connectionConfig(FerryResourceAdapter adapter) {
        FerryConnectionConfig config = adapter.connectionConfig();
        if (namesrvAddr != null) {
            config.setNamesrvAddr(namesrvAddr);
        }
        if (consumerGroup != null) {
            config.setGroupPrefix(consumerGroup + "_");
        }
        if (maxRedeliveries != null) {
            config.setMaxDeliveryAttempts(maxRedeliveries + 1);
        }
        if (prefetchSize != null) {
            config.setPrefetchSize(prefetchSize);
        }
        config.setClientID(clientId);
        return config;
    }

    // ------------------------------------------------------------------ validation

    /**
     * Checks the properties together. Every problem is listed in the exception's message ({@code FMQ-JCA-441}), and
     * the properties concerned are its invalid property descriptors, the first problem's first.
     */
    @Override
    public void validate() throws InvalidPropertyException {
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (destination == null && destinationLookup == null) {
            add(problems, names, "destination", "destination is required: the queue or topic name the endpoint"
                    + " consumes (or destinationLookup, a JNDI name)");
        }
        if (destinationType != null && !isTopic() && !destinationType.equals(QUEUE_TYPE)
                && !destinationType.equals("javax.jms.Queue")) {
            add(problems, names, "destinationType", "destinationType '" + destinationType + "' is not "
                    + QUEUE_TYPE + " or " + TOPIC_TYPE);
        }
        if (acknowledgeMode != null && !AUTO_ACKNOWLEDGE.equalsIgnoreCase(acknowledgeMode)
                && !DUPS_OK_ACKNOWLEDGE.equalsIgnoreCase(acknowledgeMode)) {
            add(problems, names, "acknowledgeMode", "acknowledgeMode '" + acknowledgeMode + "' is not "
                    + AUTO_ACKNOWLEDGE + " or " + DUPS_OK_ACKNOWLEDGE);
        }
        if (subscriptionDurability != null && !isDurable() && !NON_DURABLE.equalsIgnoreCase(subscriptionDurability)) {
            add(problems, names, "subscriptionDurability", "subscriptionDurability '" + subscriptionDurability
                    + "' is not " + DURABLE + " or " + NON_DURABLE);
        }
        if (isTopic() && isDurable() && subscriptionName == null) {
            add(problems, names, "subscriptionName", "a durable subscription needs a subscriptionName");
        }
        if (isTopic() && isDurable() && !isShared() && clientId == null) {
            add(problems, names, "clientId", "an unshared durable subscription needs a clientId (or set shared=true)");
        }
        if (isTopic() && !isDurable() && isShared() && subscriptionName == null) {
            add(problems, names, "subscriptionName", "a shared subscription needs a subscriptionName");
        }
        if (!isTopic() && (isDurable() || isShared())) {
            add(problems, names, isDurable() ? "subscriptionDurability" : "shared", "durable and shared subscriptions"
                    + " are made on topics; set destinationType=" + TOPIC_TYPE);
        }
        try {
            InboundDelivery.checkSelector(messageSelector);
        } catch (InvalidSelectorException e) {
            add(problems, names, "messageSelector", "messageSelector is not valid: " + e.getMessage());
        }
        if (maxSession == null || maxSession < 1) {
            add(problems, names, "maxSession", "maxSession must be at least 1, not " + maxSession);
        }
        if (maxRedeliveries != null && maxRedeliveries < 0) {
            add(problems, names, "maxRedeliveries", "maxRedeliveries must not be negative, not " + maxRedeliveries);
        }
        if (prefetchSize != null && (prefetchSize < 1 || prefetchSize > 65_535)) {
            add(problems, names, "prefetchSize", "prefetchSize must be from 1 to 65535, not " + prefetchSize);
        }
        if (consumerGroup != null && !GROUP.matcher(consumerGroup).matches()) {
            add(problems, names, "consumerGroup", "consumerGroup '" + consumerGroup + "' must be 1 to 63 of"
                    + " A-Z a-z 0-9 _ -");
        }
        if (namesrvAddr != null) {
            try {
                new FerryConnectionConfig().setNamesrvAddr(namesrvAddr);
            } catch (IllegalArgumentException e) {
                add(problems, names, "namesrvAddr", e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        InvalidPropertyException e = new InvalidPropertyException("FMQ-JCA-441 invalid activation properties of "
                + this + ": " + String.join("; ", problems));
        try {
            List<PropertyDescriptor> bad = new ArrayList<>();
            for (String name : names) {
                bad.add(new PropertyDescriptor(name, FerryActivationSpec.class));
            }
            e.setInvalidPropertyDescriptors(bad.toArray(new PropertyDescriptor[0]));
        } catch (IntrospectionException ignored) {
            // Every name above is a property of this class; nothing to report beyond the message.
        }
        throw e;
    }

    private static void add(List<String> problems, List<String> names, String name, String problem) {
        problems.add(problem);
        if (!names.contains(name)) {
            names.add(name);
        }
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "FerryActivationSpec[" + (isTopic() ? "topic " : "queue ")
                + (destination != null ? destination : destinationLookup)
                + (messageSelector != null ? " where " + messageSelector : "")
                + (isTopic() && (isDurable() || isShared()) ? ", " + (isShared() ? "shared " : "")
                + (isDurable() ? "durable " : "") + "subscription " + subscriptionName : "")
                + (clientId != null ? ", clientId " + clientId : "")
                + (consumerGroup != null ? ", consumerGroup " + consumerGroup : "")
                + ", maxSession " + maxSession + "]";
    }
}
