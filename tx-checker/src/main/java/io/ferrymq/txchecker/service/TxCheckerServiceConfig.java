package io.ferrymq.txchecker.service;

import io.ferrymq.common.config.ConfigException;

import java.util.ArrayList;
import java.util.List;

/**
 * What the standalone checker process needs besides the {@link io.ferrymq.txchecker.TxCheckerConfig} keys, bound from
 * the same properties file (keys are the field names). Mutable until the service starts.
 */
public class TxCheckerServiceConfig {
    /** Nameservers, {@code host:port} separated by ';'. */
    private String namesrvAddr = System.getProperty("rocketmq.namesrv.addr", System.getenv("NAMESRV_ADDR"));
    /** The producer group(s) whose back-checks this process answers, separated by ','. */
    private String producerGroups;
    /** Threads answering checks, per group; each holds at most one pooled connection while it checks. */
    private int checkThreads = 4;
    /** How often the process tells every broker it is there (and learns of new brokers), in ms. */
    private long heartbeatBrokerIntervalMillis = 30_000;
    /** Client instance name (part of the client id brokers log). */
    private String instanceName = "txchecker";
    /** Brokers with {@code aclEnable}: the access key requests are signed with (with {@link #secretKey}), else null. */
    private String accessKey;
    /** The secret of {@link #accessKey}; never logged. */
    private String secretKey;

    /** @throws ConfigException naming the key that is missing or out of range */
    public void validate() {
        if (namesrvAddr == null || namesrvAddr.isBlank()) {
            throw new ConfigException("FMQ-TXC-101 namesrvAddr is missing: set it to the nameservers (host:port;host:port)");
        }
        if (groups().isEmpty()) {
            throw new ConfigException("FMQ-TXC-102 producerGroups is missing: name the producer group(s) whose"
                    + " back-checks this checker answers, separated by ','");
        }
        if (checkThreads < 1 || checkThreads > 64) {
            throw new ConfigException("FMQ-TXC-103 checkThreads must be 1..64, not " + checkThreads);
        }
        if (heartbeatBrokerIntervalMillis < 100) {
            throw new ConfigException("FMQ-TXC-104 heartbeatBrokerIntervalMillis must be at least 100, not "
                    + heartbeatBrokerIntervalMillis);
        }
        if (isBlank(accessKey) != isBlank(secretKey)) {
            throw new ConfigException("FMQ-TXC-108 accessKey and secretKey go together: set both (brokers with"
                    + " aclEnable) or neither");
        }
    }

    private static boolean isBlank(String v) {
        return v == null || v.isBlank();
    }

    /** True when requests are to be signed ({@link #getAccessKey()} and {@link #getSecretKey()} set). */
    public boolean hasCredentials() {
        return !isBlank(accessKey);
    }

    /** The producer groups, trimmed, without empty entries. */
    public List<String> groups() {
        List<String> groups = new ArrayList<>();
        if (producerGroups != null) {
            for (String g : producerGroups.split(",")) {
                if (!g.isBlank()) {
                    groups.add(g.trim());
                }
            }
        }
        return groups;
    }

    public String getNamesrvAddr() { return namesrvAddr; }
    public TxCheckerServiceConfig setNamesrvAddr(String v) { namesrvAddr = v; return this; }
    public String getProducerGroups() { return producerGroups; }
    public TxCheckerServiceConfig setProducerGroups(String v) { producerGroups = v; return this; }
    public int getCheckThreads() { return checkThreads; }
    public TxCheckerServiceConfig setCheckThreads(int v) { checkThreads = v; return this; }
    public long getHeartbeatBrokerIntervalMillis() { return heartbeatBrokerIntervalMillis; }
    public TxCheckerServiceConfig setHeartbeatBrokerIntervalMillis(long v) { heartbeatBrokerIntervalMillis = v; return this; }
    public String getInstanceName() { return instanceName; }
    public TxCheckerServiceConfig setInstanceName(String v) { instanceName = v; return this; }
    public String getAccessKey() { return accessKey; }
    public TxCheckerServiceConfig setAccessKey(String v) { accessKey = v; return this; }
    public String getSecretKey() { return secretKey; }
    public TxCheckerServiceConfig setSecretKey(String v) { secretKey = v; return this; }
}
