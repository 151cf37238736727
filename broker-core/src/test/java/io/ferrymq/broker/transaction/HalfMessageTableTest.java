package io.ferrymq.broker.transaction;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may resolve a half message, and when: the exactly-once rules of the table, without a store. */
class HalfMessageTableTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    private final HalfMessageTable table = new HalfMessageTable();

    /** The half at half-queue offset {@code queueOffset}; commit-log offsets grow with it, as in the store. */
    private static HalfMessage half(long queueOffset, long storeTimestamp, String immunitySeconds) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(MessageConst.PROPERTY_REAL_TOPIC, "Orders");
        p.put(MessageConst.PROPERTY_REAL_QUEUE_ID, "1");
        p.put(MessageConst.PROPERTY_PRODUCER_GROUP, "order-service");
        p.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "TX-" + queueOffset);
        if (immunitySeconds != null) {
            p.put("CHECK_IMMUNITY_TIME_IN_SECONDS", immunitySeconds);
        }
        DecodedMessage record = new DecodedMessage(200, 0, 0, 0, queueOffset, 1_000 + queueOffset * 200, 0, 0L, HOST,
                storeTimestamp, HOST, 0, 0L, new byte[0], TransactionTopics.HALF_TOPIC, MessageProperties.encode(p));
        return HalfMessage.of(record);
    }

    private static HalfMessage half(long queueOffset) {
        return half(queueOffset, 0, null);
    }

    @Test
    void aTrackedHalfIsResolvedOnceWhoeverAsks() {
        HalfMessage h = half(0);
        assertThat(table.admit(h)).isTrue();
        assertThat(table.claim(h.commitLogOffset, 0)).isEqualTo(HalfMessageTable.Claim.CLAIMED);
        assertThat(table.claim(h.commitLogOffset, 0)).isEqualTo(HalfMessageTable.Claim.IN_PROGRESS);
        table.finish(h.commitLogOffset);
        assertThat(table.claim(h.commitLogOffset, 0)).isEqualTo(HalfMessageTable.Claim.ALREADY_RESOLVED);
        assertThat(table.size()).isZero();
    }

    @Test
    void aFailedResolutionLeavesTheHalfAsItWas() {
        HalfMessage h = half(0);
        table.admit(h);
        assertThat(table.park(h)).isTrue();
        assertThat(table.claim(h.commitLogOffset, 0)).isEqualTo(HalfMessageTable.Claim.CLAIMED);
        assertThat(table.statuses(m -> true, 10, 0).get(0).parked()).as("shown as it was while resolving").isTrue();
        table.release(h.commitLogOffset);
        assertThat(table.parkedCount()).isEqualTo(1);
        assertThat(table.claim(h.commitLogOffset, 0)).isEqualTo(HalfMessageTable.Claim.CLAIMED);
    }

    @Test
    void aHalfResolvedBeforeTheCheckerReadItIsNeverTracked() {
        HalfMessage h = half(0);
        assertThat(table.claim(h.commitLogOffset, 0)).isEqualTo(HalfMessageTable.Claim.CLAIMED);
        assertThat(table.claim(h.commitLogOffset, 0)).isEqualTo(HalfMessageTable.Claim.IN_PROGRESS);
        table.finish(h.commitLogOffset);
        assertThat(table.claim(h.commitLogOffset, 0)).isEqualTo(HalfMessageTable.Claim.ALREADY_RESOLVED);
        assertThat(table.admit(h)).isFalse();
        assertThat(table.size()).isZero();
        assertThat(table.nextQueueOffset()).isEqualTo(1);
        assertThat(table.claim(h.commitLogOffset, 0)).isEqualTo(HalfMessageTable.Claim.ALREADY_RESOLVED);
    }

    @Test
    void aHalfReadWhileItIsBeingResolvedStaysClaimed() {
        HalfMessage h = half(0);
        assertThat(table.claim(h.commitLogOffset, 0)).isEqualTo(HalfMessageTable.Claim.CLAIMED);
        assertThat(table.admit(h)).as("tracked, but not as pending").isFalse();
        assertThat(table.claim(h.commitLogOffset, 0)).isEqualTo(HalfMessageTable.Claim.IN_PROGRESS);
        assertThat(table.due(Long.MAX_VALUE, 0)).isEmpty();
        table.finish(h.commitLogOffset);
        assertThat(table.size()).isZero();
    }

    @Test
    void theSettlePointNeverPassesAnUnresolvedHalfNorWhatTheCheckerHasNotRead() {
        HalfMessage h0 = half(0);
        HalfMessage h1 = half(1);
        HalfMessage h2 = half(2);
        table.admit(h0);
        table.admit(h1);
        assertThat(table.settledBelow()).isZero();
        table.claim(h0.commitLogOffset, 0);
        table.finish(h0.commitLogOffset);
        assertThat(table.settledBelow()).isEqualTo(1);
        table.claim(h1.commitLogOffset, 1);
        table.finish(h1.commitLogOffset);
        assertThat(table.settledBelow()).isEqualTo(2).isEqualTo(table.nextQueueOffset());
        table.claim(h2.commitLogOffset, 2);
        table.finish(h2.commitLogOffset);
        assertThat(table.settledBelow()).as("h2 not read yet").isEqualTo(2);
    }

    @Test
    void checksAreDueAfterTheTimeoutOrTheMessagesOwnImmunityAndCountedUntilParked() {
        HalfMessage plain = half(0, 10_000, null);
        HalfMessage immune = half(1, 10_000, "60");
        table.admit(plain);
        table.admit(immune);
        assertThat(table.due(15_999, 6_000)).isEmpty();
        assertThat(table.due(16_000, 6_000)).extracting(HalfMessageTable.Due::half).containsExactly(plain);
        assertThat(table.due(70_000, 6_000)).extracting(HalfMessageTable.Due::half).containsExactly(plain, immune);

        assertThat(table.noteCheckSent(plain, 16_000, "127.0.0.1:5000")).isEqualTo(1);
        assertThat(table.noteCheckSent(plain, 17_000, "127.0.0.1:5000")).isEqualTo(2);
        assertThat(table.noteUnknownAnswer(plain.commitLogOffset)).isSameAs(plain);
        HalfMessageStatus status = table.statuses(m -> m == plain, 10, 20_000).get(0);
        assertThat(status.checks()).isEqualTo(2);
        assertThat(status.lastAnswer()).isEqualTo(CheckAnswer.UNKNOWN);
        assertThat(status.ageMillis()).isEqualTo(10_000);

        assertThat(table.park(plain)).isTrue();
        assertThat(table.noteCheckSent(plain, 18_000, "x")).as("parked halves are not checked").isEqualTo(-1);
        assertThat(table.due(70_000, 6_000)).extracting(HalfMessageTable.Due::half).containsExactly(immune);
        assertThat(table.resume(m -> true)).containsExactly(plain);
        assertThat(table.due(70_000, 6_000)).extracting(HalfMessageTable.Due::checks).containsExactly(0, 0);
    }

    @Test
    void recordsThatAreNotUsableHalvesAreNotTracked() {
        DecodedMessage noGroup = new DecodedMessage(200, 0, 0, 0, 0, 1_000, 0, 0L, HOST, 0, HOST, 0, 0L, new byte[0],
                TransactionTopics.HALF_TOPIC, "REAL_TOPIC\u0001Orders\u0002REAL_QID\u00011\u0002");
        DecodedMessage badQueue = new DecodedMessage(200, 0, 0, 0, 0, 1_000, 0, 0L, HOST, 0, HOST, 0, 0L, new byte[0],
                TransactionTopics.HALF_TOPIC, "REAL_TOPIC\u0001Orders\u0002REAL_QID\u0001x\u0002PGROUP\u0001g\u0002");
        assertThat(HalfMessage.of(noGroup)).isNull();
        assertThat(HalfMessage.of(badQueue)).isNull();
    }
}
