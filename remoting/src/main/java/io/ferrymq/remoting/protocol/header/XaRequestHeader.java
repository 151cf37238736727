package io.ferrymq.remoting.protocol.header;

/**
 * Header of the XA_* requests (FerryMQ's own codes). {@code xid} names the branch as
 * {@code formatId:gtridHex:bqualHex} (lower-case hex of the Xid's global transaction id and branch qualifier); every
 * request but XA_RECOVER needs it.
 */
public class XaRequestHeader {
    public String xid;
}
