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
     * RocketMQ's sendMessageThreadPoolNums = min(cores, 4), FerryMQ's 4, and so on.
     */
    String brokerProperties(int port, int namesrvPort, Path storeDir, String flushType) {
        return "brokerClusterName=DefaultCluster\n"
                + "brokerName=bench-broker\n"
                + "brokerId=0\n"
                + "brokerRole=ASYNC_MASTER\n"
                + "brokerIP1=127.0.0.1\n"
                + "bindAddress=127.0.0.1\n"
                + "listenPort=" + port + "\n"
                + "namesrvAddr=127.0.0.1:" + namesrvPort + "\n"
                + "storePathRootDir=" + storeDir.toString().replace("\\", "\\\\") + "\n"
                + "flushDiskType=" + flushType + "\n"
                + "autoCreateTopicEnable=true\n";
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
