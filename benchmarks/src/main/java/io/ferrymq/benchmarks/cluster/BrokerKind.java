package io.ferrymq.benchmarks.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The two brokers under comparison and how each one is started: main classes, classpath, system properties
 * and the properties files of its nameserver and broker. Both get the same settings wherever both have
 * them; everything else stays at each product's own default.
 */
enum BrokerKind {
    FERRYMQ("FerryMQ", "io.ferrymq.namesrv.NamesrvStartup", "io.ferrymq.broker.BrokerStartup"),
    ROCKETMQ("RocketMQ", "org.apache.rocketmq.namesrv.NamesrvStartup", "org.apache.rocketmq.broker.BrokerStartup");

    final String display;
    final String namesrvMain;
    final String brokerMain;

    BrokerKind(String display, String namesrvMain, String brokerMain) {
        this.display = display;
        this.namesrvMain = namesrvMain;
        this.brokerMain = brokerMain;
    }

    static BrokerKind of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ferrymq" -> FERRYMQ;
            case "rocketmq" -> ROCKETMQ;
            default -> throw new IllegalArgumentException("brokers: ferrymq and/or rocketmq, got " + name);
        };
    }

    String namesrvClasspath(Classpaths cp) {
        return this == FERRYMQ ? cp.ferrymqServer() : cp.rocketmqNamesrv();
    }

    String brokerClasspath(Classpaths cp) {
        return this == FERRYMQ ? cp.ferrymqServer() : cp.rocketmqBroker();
    }

    /** The brokerName of every broker (master and slave form one group). */
    static final String BROKER_NAME = "bench-broker";

    /**
     * Ports the broker listens on, relative to {@code listenPort}: RocketMQ also opens the "VIP" channel at
     * listenPort - 2 and its HA port at listenPort + 1. The same spacing is kept free for both.
     */
    static final int PORTS_BELOW = 2;
    static final int PORTS_ABOVE = 1;

    /**
     * System properties for a server JVM of this kind. {@code home} receives whatever the product writes
     * outside its store: RocketMQ's logs ({@code ${user.home}/logs/rocketmqlogs}) and its nameserver's
     * kvConfig.json; FerryMQ's log file goes there through the logback file written by the caller.
     */
    List<String> systemProperties(Path home, Path logbackFile) {
        if (this == FERRYMQ) {
            return List.of("-Duser.home=" + home, "-Dlogback.configurationFile=" + logbackFile);
        }
        return List.of("-Duser.home=" + home, "-Drocketmq.home.dir=" + home);
    }

    String namesrvProperties(int port) {
        return "listenPort=" + port + "\n"
                + "bindAddress=127.0.0.1\n";
    }

    /**
     * The broker's properties file. The keys are the same for both products (FerryMQ reads RocketMQ's
     * names); everything not listed stays at the product's default: 1 GiB CommitLog files, index on,
     * RocketMQ's sendMessageThreadPoolNums = min(cores, 4), FerryMQ's 4, and so on. {@code brokerId} 0 with
     * role ASYNC_MASTER or SYNC_MASTER is a master, 1 with role SLAVE its slave (same brokerName).
     */
    String brokerProperties(int port, int namesrvPort, Path storeDir, String flushType, int brokerId, String role) {
        return "brokerClusterName=DefaultCluster\n"
                + "brokerName=" + BROKER_NAME + "\n"
                + "brokerId=" + brokerId + "\n"
                + "brokerRole=" + role + "\n"
                + "brokerIP1=127.0.0.1\n"
                + "bindAddress=127.0.0.1\n"
                + "listenPort=" + port + "\n"
                + "namesrvAddr=127.0.0.1:" + namesrvPort + "\n"
                + "storePathRootDir=" + storeDir.toString().replace("\\", "\\\\") + "\n"
                + "flushDiskType=" + flushType + "\n"
                + "autoCreateTopicEnable=true\n";
    }

    /**
     * The replication keys of a master or a slave (added to {@link #brokerProperties}). Both products:
     * {@code haListenPort} = listenPort + 1, each one's default, written out because that port is reserved
     * with the broker's. The slave finds its master's replication address through the nameserver, as in the
     * products' 2m-2s templates: Apache RocketMQ 5.3.3 drops a configured {@code haMasterAddress} (it hands it
     * to the store before the store has created its HA client, and then stops taking the address from the
     * nameserver), so pinning it would leave its slave without a master. Apache RocketMQ only (FerryMQ would
     * warn about keys it does not know):
     * <ul>
     *   <li>{@code inSyncReplicas=2}: in RocketMQ 5.x a SYNC_MASTER outside controller mode waits for as many
     *       acknowledgements as {@code inSyncReplicas} counts, master included, and its default is 1, so without
     *       it SYNC_MASTER answers at once like ASYNC_MASTER (CommitLog.asyncPutMessage / handleHA, 5.3.3). It
     *       changes nothing for ASYNC_MASTER and SLAVE, and is set on both nodes in every role.</li>
     *   <li>{@code brokerIP2=127.0.0.1}: the replication address a master registers with the nameserver, which
     *       its slave connects to (default: the machine's first non-loopback address).</li>
     * </ul>
     */
    String replicationProperties(int port) {
        return "haListenPort=" + (port + 1) + "\n"
                + (this == ROCKETMQ ? "inSyncReplicas=2\nbrokerIP2=127.0.0.1\n" : "");
    }

    /** A logback configuration for a FerryMQ process: INFO and above into one file, through an async appender. */
    static String ferrymqLogback(Path logFile) {
        return """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level [%%thread] %%logger{0} - %%msg%%n</pattern></encoder>
                  </appender>
                  <appender name="ASYNC" class="ch.qos.logback.classic.AsyncAppender">
                    <appender-ref ref="FILE"/>
                  </appender>
                  <root level="INFO"><appender-ref ref="ASYNC"/></root>
                </configuration>
                """.formatted(logFile);
    }
}
