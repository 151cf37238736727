package io.ferrymq.it;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.OrderlyMessageListener;
import io.ferrymq.client.PushConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.common.message.MessageExt;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An orderly consumer in its own JVM, so a test can kill it with {@code kill -9}: FerryMQ's push consumer or
 * Apache RocketMQ's with {@code MessageListenerOrderly}. Each consumed message is appended to an event file as a
 * {@link KeyedOrderLog.Event} line once consumed; prints {@code STARTED} when consuming.
 *
 * <p>Arguments: {@code native|official namesrvAddr topic group name eventFile millisPerMessage}.
 */
public final class OrderlyConsumerProcess {
    /** Lock timings of the FerryMQ consumer; the parent passes the official client's as system properties. */
    static final long LOCK_RENEW_MILLIS = 500;
    static final long LOCK_LOCAL_EXPIRY_MILLIS = 2_000;

    private OrderlyConsumerProcess() {
    }

    /** Starts the consumer process; its output goes to {@code log}. */
    static Process start(String mode, String namesrv, String topic, String group, String name, Path events,
                         long millisPerMessage, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Drocketmq.client.rebalance.lockInterval=" + LOCK_RENEW_MILLIS,
                "-Drocketmq.client.rebalance.lockMaxLiveTime=" + LOCK_LOCAL_EXPIRY_MILLIS,
                "-Drocketmq.client.unlockDelayTimeMills=300",
                "-Drocketmq.client.rebalance.waitInterval="
                        + System.getProperty("rocketmq.client.rebalance.waitInterval", "3000"),
                "-Drocketmq.client.logRoot=" + log.getParent().resolve("rocketmq-logs-" + name),
                "-cp", System.getProperty("java.class.path"), OrderlyConsumerProcess.class.getName(),
                mode, namesrv, topic, group, name, events.toString(), Long.toString(millisPerMessage)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String namesrv = args[1];
        String topic = args[2];
        String group = args[3];
        String name = args[4];
        OutputStream events = new FileOutputStream(args[5], true);
        long millisPerMessage = Long.parseLong(args[6]);
        if (mode.equals("native")) {
            PushConsumer consumer = new PushConsumer(group, new ClientConfig().setNamesrvAddr(namesrv).setInstanceName(name))
                    .subscribe(topic, "*").setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                    .setLockRenewIntervalMillis(LOCK_RENEW_MILLIS).setLockLocalExpiryMillis(LOCK_LOCAL_EXPIRY_MILLIS)
                    .setOrderlyListener((m, deliveryCount) -> {
                        consumed(events, name, m.body(), millisPerMessage);
                        return OrderlyMessageListener.Result.SUCCESS;
                    });
            consumer.start();
        } else {
            DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
            consumer.setNamesrvAddr(namesrv);
            consumer.setInstanceName(name);
            consumer.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
                try {
                    for (MessageExt m : messages) {
                        consumed(events, name, m.getBody(), millisPerMessage);
                    }
                } catch (IOException | InterruptedException e) {
                    return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
                }
                return ConsumeOrderlyStatus.SUCCESS;
            });
            consumer.start();
        }
        System.out.println("STARTED");
        System.out.flush();
        TimeUnit.DAYS.sleep(1);
    }

    private static void consumed(OutputStream events, String name, byte[] body, long millis)
            throws IOException, InterruptedException {
        Thread.sleep(millis);
        byte[] line = KeyedOrderLog.event(name, new String(body, StandardCharsets.UTF_8)).line()
                .getBytes(StandardCharsets.UTF_8);
        synchronized (events) {
            events.write(line);
            events.flush();
        }
    }
}
