package io.ferrymq.remoting.protocol;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request or response of the RocketMQ remoting protocol: code, language, version, opaque, flag,
 * remark, string ext fields and a body. Built and read by one thread at a time (the one handling the
 * request); hand it to another thread only through a happens-before edge such as an executor.
 *
 * <p>A body is either a byte array or, for zero-copy responses, a list of buffers plus a callback run
 * once they have been written (or the write failed).
 */
public final class RemotingCommand {
    public static final int RESPONSE_FLAG = 1;
    public static final int ONEWAY_FLAG = 2;
    /** The version this implementation puts into every command: RocketMQ V5_3_3's ordinal. */
    public static final int CURRENT_VERSION = 479;

    private static final AtomicInteger OPAQUES = new AtomicInteger();

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = CURRENT_VERSION;
    private int opaque;
    private int flag;
    private String remark;
    private HashMap<String, String> extFields;
    private byte[] body;
    private List<ByteBuffer> bodyBuffers;
    private Runnable afterBodyWritten;
    private SerializeType serializeType = SerializeType.JSON;

    public static RemotingCommand request(int code) {
        RemotingCommand c = new RemotingCommand();
        c.code = code;
        c.opaque = OPAQUES.getAndIncrement();
        return c;
    }

    /** A response to {@code request}: same opaque and serialize type, response flag set. */
    public static RemotingCommand responseTo(RemotingCommand request, int code, String remark) {
        RemotingCommand c = new RemotingCommand();
        c.code = code;
        c.remark = remark;
        c.opaque = request.opaque;
        c.flag = RESPONSE_FLAG;
        c.serializeType = request.serializeType;
        return c;
    }

    /** A command as read from the wire; fields are set by the codec. */
    static RemotingCommand decoded() {
        return new RemotingCommand();
    }

    public int code() {
        return code;
    }

    public RemotingCommand code(int code) {
        this.code = code;
        return this;
    }

    public LanguageCode language() {
        return language;
    }

    public RemotingCommand language(LanguageCode language) {
        this.language = language;
        return this;
    }

    public int version() {
        return version;
    }

    public RemotingCommand version(int version) {
        this.version = version;
        return this;
    }

    public int opaque() {
        return opaque;
    }

    public RemotingCommand opaque(int opaque) {
        this.opaque = opaque;
        return this;
    }

    public int flag() {
        return flag;
    }

    public RemotingCommand flag(int flag) {
        this.flag = flag;
        return this;
    }

    public boolean isResponse() {
        return (flag & RESPONSE_FLAG) != 0;
    }

    public boolean isOneway() {
        return (flag & ONEWAY_FLAG) != 0;
    }

    public RemotingCommand markOneway() {
        flag |= ONEWAY_FLAG;
        return this;
    }

    public String remark() {
        return remark;
    }

    public RemotingCommand remark(String remark) {
        this.remark = remark;
        return this;
    }

    /** The ext fields, possibly null (which the protocol distinguishes from empty). */
    public HashMap<String, String> extFields() {
        return extFields;
    }

    public RemotingCommand extFields(HashMap<String, String> extFields) {
        this.extFields = extFields;
        return this;
    }

    public String ext(String name) {
        return extFields == null ? null : extFields.get(name);
    }

    public RemotingCommand putExt(String name, String value) {
        if (extFields == null) {
            extFields = new HashMap<>();
        }
        extFields.put(name, value);
        return this;
    }

    /** Writes a typed header's fields into the ext fields. */
    public RemotingCommand header(Object header) {
        HeaderCodec.encodeInto(header, this);
        return this;
    }

    /** Reads the ext fields into a typed header, enforcing its required fields. */
    public <T> T header(Class<T> type) throws RemotingCommandException {
        return HeaderCodec.decode(extFields, type);
    }

    public byte[] body() {
        return body;
    }

    public RemotingCommand body(byte[] body) {
        this.body = body;
        return this;
    }

    public List<ByteBuffer> bodyBuffers() {
        return bodyBuffers;
    }

    public Runnable afterBodyWritten() {
        return afterBodyWritten;
    }

    /** A body sent from these buffers without copying them first; {@code afterWritten} releases them. */
    public RemotingCommand bodyBuffers(List<ByteBuffer> buffers, Runnable afterWritten) {
        this.bodyBuffers = buffers;
        this.afterBodyWritten = afterWritten;
        return this;
    }

    public int bodyLength() {
        if (bodyBuffers != null) {
            int n = 0;
            for (ByteBuffer b : bodyBuffers) {
                n += b.remaining();
            }
            return n;
        }
        return body == null ? 0 : body.length;
    }

    public SerializeType serializeType() {
        return serializeType;
    }

    public RemotingCommand serializeType(SerializeType serializeType) {
        this.serializeType = serializeType;
        return this;
    }

    @Override
    public String toString() {
        return "RemotingCommand[code=" + code + ", opaque=" + opaque + ", flag=" + flag + ", remark=" + remark
                + ", ext=" + loggableExtFields() + ", body=" + bodyLength() + "B]";
    }

    /**
     * Credentials must not reach logs: the ACL signature (an HMAC anyone could replay while the request is valid) and
     * the session token are masked. The names are the ACL header fields of {@code io.ferrymq.remoting.auth.AclSignature}
     * (which builds on this layer, so it cannot be referenced from here).
     */
    private Object loggableExtFields() {
        if (extFields == null || !(extFields.containsKey("Signature") || extFields.containsKey("SecurityToken"))) {
            return extFields;
        }
        HashMap<String, String> masked = new HashMap<>(extFields);
        masked.replaceAll((name, value) -> name.equals("Signature") || name.equals("SecurityToken") ? "***" : value);
        return masked;
    }
}
