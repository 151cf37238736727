package io.ferrymq.jms;

import javax.transaction.xa.Xid;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An Xid as FerryMQ's brokers know it: {@code formatId:gtridHex:bqualHex} on the wire, and a plain value object for
 * what {@link FerryXAResource#recover} returns. Equal to any Xid with the same three parts only through
 * {@link #text(Xid)}: transaction managers compare Xids by their parts, not by equals(). Immutable.
 */
final class FerryXid implements Xid, Serializable {
    private static final long serialVersionUID = 1L;
    private static final HexFormat HEX = HexFormat.of();

    private final int formatId;
    private final byte[] gtrid;
    private final byte[] bqual;

    private FerryXid(int formatId, byte[] gtrid, byte[] bqual) {
        this.formatId = formatId;
        this.gtrid = gtrid;
        this.bqual = bqual;
    }

    /** The wire text of any Xid; null for null. */
    static String text(Xid xid) {
        if (xid == null) {
            return null;
        }
        return xid.getFormatId() + ":" + HEX.formatHex(xid.getGlobalTransactionId()) + ":"
                + HEX.formatHex(xid.getBranchQualifier());
    }

    /** The Xid of a wire text; IllegalArgumentException when it is not one. */
    static FerryXid parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not an Xid text: " + text);
        }
        return new FerryXid(Integer.parseInt(parts[0]), HEX.parseHex(parts[1]), HEX.parseHex(parts[2]));
    }

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

    @Override
    public boolean equals(Object o) {
        return o instanceof FerryXid x && x.formatId == formatId && Arrays.equals(x.gtrid, gtrid)
                && Arrays.equals(x.bqual, bqual);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(gtrid)) + Arrays.hashCode(bqual);
    }

    @Override
    public String toString() {
        return text(this);
    }
}
