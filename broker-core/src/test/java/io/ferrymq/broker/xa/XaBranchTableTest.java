package io.ferrymq.broker.xa;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may prepare, end and forget a branch, however many requests race for it. */
class XaBranchTableTest {
    private static XaBranch branch(String xid, long preparedAt) {
        return new XaBranch(xid, preparedAt, List.of(1L, 2L),
                List.of(new XaBranch.HeldMessage("g", "t", 0, 5, 99, 1)));
    }

    @Test
    void aBranchIsPreparedOnceAndEndedOnce() {
        XaBranchTable t = new XaBranchTable();
        XaBranch b = branch("1:aa:", 100);
        assertThat(t.claimPrepare(b)).isNull();
        assertThat(t.claimPrepare(b).state()).as("a racing prepare sees the claim").isEqualTo(XaBranchTable.State.PREPARING);
        assertThat(t.inDoubt()).as("not reported while being prepared").isEmpty();
        t.prepared(b);
        assertThat(t.inDoubt()).extracting(XaBranchTable.Entry::state).containsExactly(XaBranchTable.State.PREPARED);

        assertThat(t.claimEnd("1:aa:").state()).isEqualTo(XaBranchTable.State.PREPARED);
        assertThat(t.claimEnd("1:aa:").state()).as("a racing end sees the claim").isEqualTo(XaBranchTable.State.ENDING);
        t.releaseEnd("1:aa:");
        assertThat(t.claimEnd("1:aa:").state()).as("claimable again after a failed end").isEqualTo(XaBranchTable.State.PREPARED);
        t.ended("1:aa:", null);
        assertThat(t.claimEnd("1:aa:")).isNull();
        assertThat(t.knows("1:aa:")).isFalse();
    }

    @Test
    void aFailedPrepareLeavesNothingAndAHeuristicOutcomeStaysUntilForgotten() {
        XaBranchTable t = new XaBranchTable();
        XaBranch b = branch("1:bb:01", 100);
        t.claimPrepare(b);
        t.abandonPrepare("1:bb:01");
        assertThat(t.knows("1:bb:01")).isFalse();

        t.claimPrepare(b);
        t.prepared(b);
        assertThat(t.preparedBefore(99)).isEmpty();
        assertThat(t.preparedBefore(100)).containsExactly(b);
        t.abandonPrepare("1:bb:01");
        assertThat(t.knows("1:bb:01")).as("only a claim is abandoned").isTrue();
        t.claimEnd("1:bb:01");
        t.ended("1:bb:01", XaBranchTable.State.HEURISTIC_ROLLED_BACK);
        assertThat(t.inDoubt()).extracting(XaBranchTable.Entry::state)
                .containsExactly(XaBranchTable.State.HEURISTIC_ROLLED_BACK);
        assertThat(t.claimEnd("1:bb:01").state()).as("no second end").isEqualTo(XaBranchTable.State.HEURISTIC_ROLLED_BACK);
        assertThat(t.forget("1:bb:01").state()).isEqualTo(XaBranchTable.State.HEURISTIC_ROLLED_BACK);
        assertThat(t.knows("1:bb:01")).isFalse();
    }

    @Test
    void theSameWorkPreparedAgainIsRecognised() {
        XaBranch b = branch("1:cc:", 100);
        assertThat(b.sameWork(branch("1:cc:", 200))).isTrue();
        assertThat(b.sameWork(new XaBranch("1:cc:", 100, List.of(1L), b.held()))).isFalse();
        assertThat(XaBranch.fromJson(b.toJson(), "1:cc:", 100)).isEqualTo(b);
    }
}
