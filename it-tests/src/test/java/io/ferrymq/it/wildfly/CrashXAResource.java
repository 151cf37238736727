package io.ferrymq.it.wildfly;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Server side (test 6): a resource manager of its own whose only job is to stop the server between prepare and
 * commit. Enlisted first in a transaction, Narayana prepares it first and commits it first, so when its
 * {@code commit} runs every branch is prepared and the transaction's commit decision is logged. An armed instance
 * then writes {@code commit-reached} and blocks until the test kills the JVM. Prepared branches are files under
 * {@code <jboss.server.data.dir>/ferrymq-crash/}, so after the restart {@link CrashRecoveryRegistration}'s
 * instances report them to Narayana's recovery, which commits them ({@code recovered-commit-<n>} files) with the
 * FerryMQ and datasource branches. Any thread may call it.
 */
public final class CrashXAResource implements XAResource {
    private final boolean armed;

    CrashXAResource(boolean armed) {
        this.armed = armed;
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty("jboss.server.data.dir"), "ferrymq-crash");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path branchFile(Xid xid) {
        HexFormat hex = HexFormat.of();
        return dir().resolve("branch-" + xid.getFormatId() + "-" + hex.formatHex(xid.getGlobalTransactionId()) + "-"
                + hex.formatHex(xid.getBranchQualifier()));
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        try {
            Files.writeString(branchFile(xid), "prepared");
        } catch (IOException e) {
            throw new XAException(XAException.XAER_RMERR);
        }
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        if (armed) {
            try {
                Files.writeString(dir().resolve("commit-reached"), xid.toString());
                while (true) {
                    Thread.sleep(1_000);     // until the test kills this JVM (kill -9)
                }
            } catch (IOException e) {
                throw new XAException(XAException.XAER_RMERR);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new XAException(XAException.XAER_RMFAIL);
            }
        }
        end(xid, "recovered-commit");
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        end(xid, "recovered-rollback");
    }

    private static void end(Xid xid, String outcome) throws XAException {
        try {
            if (Files.deleteIfExists(branchFile(xid))) {
                Files.writeString(dir().resolve(outcome + "-" + System.nanoTime()), xid.toString());
            }
        } catch (IOException e) {
            throw new XAException(XAException.XAER_RMERR);
        }
    }

    @Override
    public Xid[] recover(int flag) {
        if ((flag & TMSTARTRSCAN) == 0) {
            return new Xid[0];
        }
        List<Xid> xids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir())) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("branch-")) {
                    String[] parts = name.split("-");
                    xids.add(new FileXid(Integer.parseInt(parts[1]), HexFormat.of().parseHex(parts[2]),
                            HexFormat.of().parseHex(parts[3])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return xids.toArray(new Xid[0]);
    }

    @Override
    public void start(Xid xid, int flags) {
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public void forget(Xid xid) throws XAException {
        end(xid, "forgotten");
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }

    private record FileXid(int formatId, byte[] gtrid, byte[] bqual) implements Xid {
        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return bqual.clone();
        }
    }
}
