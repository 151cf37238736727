package io.ferrymq.remoting.protocol;

import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonException;
import io.ferrymq.common.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Header encodings of the remoting protocol (sheet section 1): the JSON header and RocketMQ's binary
 * header, and the 4-byte header word that says which one a frame uses. Works on plain byte buffers;
 * framing on the socket is the transport's business. Stateless; safe from any thread.
 */
public final class RemotingCodec {
    /** Largest header accepted: the header-length field has 24 bits. */
    public static final int MAX_HEADER_LENGTH = 0xFFFFFF;

    private RemotingCodec() {
    }

    /** The header word: serialize type in the high byte, header length in the low 24 bits. */
    public static int headerWord(SerializeType type, int headerLength) {
        return (type.code() << 24) | (headerLength & 0xFFFFFF);
    }

    public static byte[] encodeHeader(RemotingCommand c) {
        return c.serializeType() == SerializeType.ROCKETMQ ? encodeBinaryHeader(c) : encodeJsonHeader(c);
    }

    /**
     * Decodes one frame without its leading length field: header word, header, body.
     *
     * @throws RemotingCommandException when the frame cannot be a command
     */
    public static RemotingCommand decode(ByteBuffer frame) throws RemotingCommandException {
        if (frame.remaining() < 4) {
            throw new RemotingCommandException("frame of " + frame.remaining() + " bytes has no header word");
        }
        int word = frame.getInt();
        SerializeType type = SerializeType.ofCode((byte) (word >>> 24));
        int headerLength = word & 0xFFFFFF;
        if (type == null) {
            throw new RemotingCommandException("unknown serialize type " + (word >>> 24));
        }
        if (headerLength > frame.remaining()) {
            throw new RemotingCommandException("header length " + headerLength + " exceeds the frame's "
                    + frame.remaining() + " remaining bytes");
        }
        ByteBuffer header = frame.slice(frame.position(), headerLength);
        frame.position(frame.position() + headerLength);
        RemotingCommand c = type == SerializeType.ROCKETMQ ? decodeBinaryHeader(header) : decodeJsonHeader(header);
        c.serializeType(type);
        if (frame.hasRemaining()) {
            byte[] body = new byte[frame.remaining()];
            frame.get(body);
            c.body(body);
        }
        return c;
    }

    // ------------------------------------------------------------------ JSON

    private static byte[] encodeJsonHeader(RemotingCommand c) {
        JsonObject o = new JsonObject();
        o.put("code", c.code());
        if (c.extFields() != null) {
            JsonObject ext = new JsonObject();
            for (Map.Entry<String, String> e : c.extFields().entrySet()) {
                if (e.getKey() != null && e.getValue() != null) {
                    ext.put(e.getKey(), e.getValue());
                }
            }
            o.put("extFields", ext);
        }
        o.put("flag", c.flag());
        o.put("language", c.language().name());
        o.put("opaque", c.opaque());
        if (c.remark() != null) {
            o.put("remark", c.remark());
        }
        o.put("serializeTypeCurrentRPC", SerializeType.JSON.name());
        o.put("version", c.version());
        return Json.writeBytes(o);
    }

    private static RemotingCommand decodeJsonHeader(ByteBuffer header) throws RemotingCommandException {
        byte[] raw = new byte[header.remaining()];
        header.get(raw);
        Object parsed;
        try {
            parsed = Json.parse(raw);
        } catch (JsonException e) {
            throw new RemotingCommandException("malformed JSON header: " + e.getMessage(), e);
        }
        if (!(parsed instanceof JsonObject o)) {
            throw new RemotingCommandException("JSON header is not an object");
        }
        RemotingCommand c = RemotingCommand.decoded();
        try {
            c.code(o.getInt("code", 0));
            c.language(LanguageCode.ofName(o.getString("language")));
            c.version(o.getInt("version", 0));
            c.opaque(o.getInt("opaque", 0));
            c.flag(o.getInt("flag", 0));
            Object remark = o.get("remark");
            c.remark(remark == null ? null : remark.toString());
            Object ext = o.get("extFields");
            if (ext instanceof JsonObject extObject) {
                HashMap<String, String> fields = new HashMap<>();
                for (Map.Entry<Object, Object> e : extObject.entries()) {
                    if (e.getValue() != null) {
                        fields.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                    }
                }
                c.extFields(fields);
            } else if (ext != null) {
                throw new RemotingCommandException("extFields is not an object");
            }
        } catch (JsonException | ClassCastException | NumberFormatException e) {
            throw new RemotingCommandException("malformed JSON header field: " + e.getMessage(), e);
        }
        return c;
    }

    // ------------------------------------------------------------------ binary

    private static byte[] encodeBinaryHeader(RemotingCommand c) {
        byte[] remark = c.remark() == null || c.remark().isEmpty() ? null : c.remark().getBytes(StandardCharsets.UTF_8);
        byte[] ext = encodeExtFields(c.extFields());
        int length = 2 + 1 + 2 + 4 + 4 + 4 + (remark == null ? 0 : remark.length) + 4 + ext.length;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putShort((short) c.code());
        b.put(c.language().code());
        b.putShort((short) c.version());
        b.putInt(c.opaque());
        b.putInt(c.flag());
        if (remark == null) {
            b.putInt(0);
        } else {
            b.putInt(remark.length).put(remark);
        }
        b.putInt(ext.length).put(ext);
        return b.array();
    }

    private static byte[] encodeExtFields(Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            return new byte[0];
        }
        int length = 0;
        byte[][] encoded = new byte[fields.size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                continue;
            }
            encoded[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            encoded[i + 1] = e.getValue().getBytes(StandardCharsets.UTF_8);
            length += 2 + encoded[i].length + 4 + encoded[i + 1].length;
            i += 2;
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        for (int j = 0; j < i; j += 2) {
            b.putShort((short) encoded[j].length).put(encoded[j]);
            b.putInt(encoded[j + 1].length).put(encoded[j + 1]);
        }
        return b.array();
    }

    private static RemotingCommand decodeBinaryHeader(ByteBuffer b) throws RemotingCommandException {
        try {
            RemotingCommand c = RemotingCommand.decoded();
            // Unsigned: RocketMQ's codes are all below 32768, FerryMQ's own (50001 and up) only fit this way.
            c.code(b.getShort() & 0xFFFF);
            c.language(LanguageCode.ofCode(b.get()));
            c.version(b.getShort());
            c.opaque(b.getInt());
            c.flag(b.getInt());
            int remarkLength = b.getInt();
            if (remarkLength < 0 || remarkLength > b.remaining()) {
                throw new RemotingCommandException("remark length " + remarkLength + " does not fit the header");
            }
            if (remarkLength > 0) {
                c.remark(string(b, remarkLength));
            }
            int extLength = b.getInt();
            if (extLength < 0 || extLength > b.remaining()) {
                throw new RemotingCommandException("ext fields length " + extLength + " does not fit the header");
            }
            if (extLength > 0) {
                HashMap<String, String> fields = new HashMap<>();
                int end = b.position() + extLength;
                while (b.position() < end) {
                    int keyLength = b.getShort() & 0xFFFF;
                    if (keyLength > end - b.position()) {
                        throw new RemotingCommandException("ext field key length " + keyLength + " does not fit");
                    }
                    String key = string(b, keyLength);
                    int valueLength = b.getInt();
                    if (valueLength < 0 || valueLength > end - b.position()) {
                        throw new RemotingCommandException("ext field value length " + valueLength + " does not fit");
                    }
                    fields.put(key, string(b, valueLength));
                }
                c.extFields(fields);
            }
            return c;
        } catch (java.nio.BufferUnderflowException e) {
            throw new RemotingCommandException("binary header is truncated", e);
        }
    }

    private static String string(ByteBuffer b, int length) {
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
