package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.store.schedule.ScheduleService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static io.ferrymq.store.StoreTestSupport.awaitDispatched;
import static io.ferrymq.store.StoreTestSupport.message;
import static io.ferrymq.store.StoreTestSupport.props;
import static io.ferrymq.store.StoreTestSupport.readQueue;
import static io.ferrymq.store.StoreTestSupport.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delay levels and exact delivery times in the store, with time moved by hand: nothing is readable before
 * it is due, due messages arrive in their real queue in time order, and a restart (clean, or with the
 * progress file older than the log, as after a crash) neither loses nor repeats a delivery.
 */
class DelayedDeliveryTest {
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;
    private MessageStore store;
    private final MutableClock clock = new MutableClock(START);

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.shutdown();
        }
    }

    private StoreConfig config() {
        return smallConfig(dir).setMessageDelayLevel("1s 2s 3s 4s 5s");
    }

    private MessageStore start(StoreConfig config) throws Exception {
        store = new MessageStore(config, clock);
        store.start();
        return store;
    }

    private static String body(DecodedMessage m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    private void advance(Duration d) {
        clock.advance(d);
        store.scheduleService().wakeUp();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    private PutResult put(String topic, String body, String... props) {
        return store.putMessage(message(topic, 1, body.getBytes(StandardCharsets.UTF_8), props(props)));
    }

    @Test
    void delayLevelMessageIsInvisibleUntilDueThenDeliveredToItsRealQueue() throws Exception {
        start(config());
        assertThat(put("Orders", "later", MessageConst.PROPERTY_DELAY_TIME_LEVEL, "3").status()).isEqualTo(PutStatus.PUT_OK);
        assertThat(put("Orders", "now").status()).isEqualTo(PutStatus.PUT_OK);
        awaitDispatched(store);
        assertThat(readQueue(store, "Orders", 1)).extracting(DelayedDeliveryTest::body).containsExactly("now");
        assertThat(store.maxOffsetInQueue(DeliveryConst.SCHEDULE_TOPIC, 2)).isEqualTo(1);

        advance(Duration.ofMillis(2_999));
        Thread.sleep(50);
        awaitDispatched(store);
        assertThat(readQueue(store, "Orders", 1)).as("not due until 3 s").hasSize(1);

        advance(Duration.ofMillis(1));
        await(() -> store.maxOffsetInQueue("Orders", 1) == 2, "delivery at 3 s");
        DecodedMessage delivered = readQueue(store, "Orders", 1).get(1);
        assertThat(body(delivered)).isEqualTo("later");
        assertThat(delivered.property(MessageConst.PROPERTY_DELAY_TIME_LEVEL)).isNull();
        assertThat(delivered.storeTimestamp() - START.toEpochMilli()).isGreaterThanOrEqualTo(3_000);
    }

    @Test
    void levelsAboveTheHighestCountAsTheHighestAndMalformedLevelsAreRefused() throws Exception {
        start(config());
        assertThat(put("T", "x", MessageConst.PROPERTY_DELAY_TIME_LEVEL, "99").status()).isEqualTo(PutStatus.PUT_OK);
        assertThat(put("T", "y", MessageConst.PROPERTY_DELAY_TIME_LEVEL, "soon").status())
                .isEqualTo(PutStatus.MESSAGE_ILLEGAL);
        awaitDispatched(store);
        assertThat(store.maxOffsetInQueue(DeliveryConst.SCHEDULE_TOPIC, 4)).isEqualTo(1);
    }

    @Test
    void exactTimesAreDeliveredInTimeOrderNotArrivalOrder() throws Exception {
        start(config());
        long now = clock.millis();
        put("Timed", "c", MessageConst.PROPERTY_TIMER_DELIVER_MS, Long.toString(now + 30_000));
        put("Timed", "a", MessageConst.PROPERTY_TIMER_DELAY_MS, "10000");
        put("Timed", "b", MessageConst.PROPERTY_TIMER_DELAY_SEC, "20");
        put("Timed", "past", MessageConst.PROPERTY_TIMER_DELIVER_MS, Long.toString(now - 5));
        awaitDispatched(store);
        assertThat(readQueue(store, "Timed", 1)).extracting(DelayedDeliveryTest::body).containsExactly("past");

        advance(Duration.ofSeconds(25));
        await(() -> store.maxOffsetInQueue("Timed", 1) == 3, "a and b due");
        advance(Duration.ofSeconds(5));
        await(() -> store.maxOffsetInQueue("Timed", 1) == 4, "c due");
        List<DecodedMessage> all = readQueue(store, "Timed", 1);
        assertThat(all).extracting(DelayedDeliveryTest::body).containsExactly("past", "a", "b", "c");
        assertThat(all.get(3).property(MessageConst.PROPERTY_TIMER_OUT_MS)).isEqualTo(Long.toString(now + 30_000));
    }

    @Test
    void deliveryTimesBeyondTimerMaxDelaySecAreRefused() throws Exception {
        start(config().setTimerMaxDelaySec(60));
        PutResult r = put("Timed", "far", MessageConst.PROPERTY_TIMER_DELAY_SEC, "61");
        assertThat(r.status()).isEqualTo(PutStatus.MESSAGE_ILLEGAL);
        assertThat(r.detail()).contains("FMQ-STORE-132", "timerMaxDelaySec");
        assertThat(put("Timed", "near", MessageConst.PROPERTY_TIMER_DELAY_SEC, "59").status()).isEqualTo(PutStatus.PUT_OK);
    }

    @Test
    void aClientCannotForgeTheDeliveryMarkNorBatchDelayedMessages() throws Exception {
        start(config());
        put("Plain", "forged", DeliveryConst.PROPERTY_DELAY_SOURCE, "T:0");
        awaitDispatched(store);
        assertThat(readQueue(store, "Plain", 1).get(0).property(DeliveryConst.PROPERTY_DELAY_SOURCE)).isNull();
        PutResult batch = store.putMessages(List.of(
                message("B", 0, new byte[1], props()),
                message("B", 0, new byte[1], props(MessageConst.PROPERTY_DELAY_TIME_LEVEL, "1"))));
        assertThat(batch.status()).isEqualTo(PutStatus.MESSAGE_ILLEGAL);
    }

    @Test
    void timerAndLevelsSurviveRestartsWithoutLossOrDuplicates() throws Exception {
        StoreConfig config = config();
        start(config);
        long now = clock.millis();
        for (int i = 0; i < 20; i++) {
            put("Timed", "t" + i, MessageConst.PROPERTY_TIMER_DELIVER_MS, Long.toString(now + 1_000L * (20 - i)));
            put("Leveled", "l" + i, MessageConst.PROPERTY_DELAY_TIME_LEVEL, Integer.toString(1 + i % 5));
        }
        awaitDispatched(store);
        Path progress = config.rootDir().resolve("config").resolve("delayOffset.json");
        store.shutdown();
        // What a crash right after the deliveries below would leave: a progress file that predates them.
        Path stale = dir.resolve("stale-delayOffset.json");
        Files.copy(progress, stale);

        start(config);
        advance(Duration.ofMillis(10_500));
        await(() -> store.maxOffsetInQueue("Timed", 1) == 10 && store.maxOffsetInQueue("Leveled", 1) == 20,
                "first half of the timers and every level due");
        store.shutdown();
        Files.copy(stale, progress, StandardCopyOption.REPLACE_EXISTING);

        start(config);
        ScheduleService schedule = store.scheduleService();
        await(() -> schedule.timerPendingCount() == 10, "the 10 delivered timers recognised by their marks");
        Thread.sleep(100);
        assertThat(schedule.deliveredCount()).as("nothing repeated after the restart").isZero();
        advance(Duration.ofSeconds(10));
        await(() -> store.maxOffsetInQueue("Timed", 1) == 20, "second half due");

        store.shutdown();
        start(config);
        advance(Duration.ofHours(1));
        Thread.sleep(100);
        awaitDispatched(store);
        List<String> timed = new ArrayList<>();
        readQueue(store, "Timed", 1).forEach(m -> timed.add(body(m)));
        List<String> expected = new ArrayList<>();
        for (int i = 19; i >= 0; i--) {
            expected.add("t" + i);
        }
        assertThat(timed).as("each timer once, in delivery-time order").isEqualTo(expected);
        assertThat(readQueue(store, "Leveled", 1)).hasSize(20).extracting(DelayedDeliveryTest::body).doesNotHaveDuplicates();
    }
}
