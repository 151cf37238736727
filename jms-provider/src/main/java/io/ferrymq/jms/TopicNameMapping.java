package io.ferrymq.jms;

import jakarta.jms.InvalidDestinationException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Maps JMS destination names onto RocketMQ topic names and back, reversibly. Stateless; safe from any thread.
 *
 * <p>Topic names allow only {@code [%|a-zA-Z0-9_-]}, while JMS names commonly contain '.', '/' or ':'. Letters, digits,
 * '_', '-' and '%' pass through unchanged, so plain names stay readable and {@code %DLQ%group} or {@code %RETRY%group}
 * name the broker's own topics. Every other character is written as the bytes of its UTF-8 form, each as '|' and two
 * upper-case hex digits ({@code orders.eu} becomes {@code orders|2Eeu}, '|' itself {@code |7C}). '|' is the escape
 * because RocketMQ gives it no meaning in names and applications rarely use it.
 *
 * <p>The broker refuses topics longer than 127 characters (255 for {@code %RETRY%} and {@code %DLQ%} topics), so the
 * limit applies to the escaped form: a name full of dots uses three characters for each.
 */
public final class TopicNameMapping {
    /** Longest ordinary topic name the broker (and RocketMQ 4.9+/5.x) accepts. */
    public static final int MAX_TOPIC_LENGTH = 127;
    /** Longest retry or dead-letter topic name the broker accepts. */
    public static final int MAX_RETRY_DLQ_TOPIC_LENGTH = 255;

    private static final char ESCAPE = '|';
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private TopicNameMapping() {
    }

    /**
     * The topic that carries the JMS destination with this name.
     *
     * @throws InvalidDestinationException if the name is empty, not valid Unicode, or too long once escaped
     */
    public static String toTopicName(String jmsName) throws InvalidDestinationException {
        String problem = problemWith(jmsName);
        if (problem != null) {
            throw new InvalidDestinationException(problem, "FMQ-JMS-101");
        }
        return escape(jmsName);
    }

    /** Why the JMS name cannot be mapped onto a topic, or null when it can. */
    public static String problemWith(String jmsName) {
        if (jmsName == null || jmsName.isEmpty()) {
            return "FMQ-JMS-101 a destination name must not be null or empty";
        }
        if (!jmsName.equals(new String(jmsName.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))) {
            return "FMQ-JMS-101 destination name '" + jmsName + "' contains an unpaired surrogate character";
        }
        String topic = escape(jmsName);
        int max = maxLength(topic);
        if (topic.length() > max) {
            return "FMQ-JMS-101 destination name '" + jmsName + "' maps to the topic name '" + topic + "' of "
                    + topic.length() + " characters; the broker allows at most " + max
                    + " (characters other than letters, digits, '_', '-' and '%' take 3 per UTF-8 byte)";
        }
        return null;
    }

    /**
     * The JMS name a topic name was mapped from.
     *
     * @throws InvalidDestinationException if the topic name is not one this mapping produces
     */
    public static String toJmsName(String topicName) throws InvalidDestinationException {
        if (topicName == null || topicName.isEmpty() || topicName.length() > maxLength(topicName)) {
            throw notMapped(topicName, "it is empty or too long");
        }
        StringBuilder name = new StringBuilder(topicName.length());
        int i = 0;
        while (i < topicName.length()) {
            char c = topicName.charAt(i);
            if (passesThrough(c)) {
                name.append(c);
                i++;
            } else if (c == ESCAPE) {
                ByteBuffer utf8 = ByteBuffer.allocate(topicName.length() / 3 + 1);
                while (i < topicName.length() && topicName.charAt(i) == ESCAPE) {
                    int high = i + 1 < topicName.length() ? hexValue(topicName.charAt(i + 1)) : -1;
                    int low = i + 2 < topicName.length() ? hexValue(topicName.charAt(i + 2)) : -1;
                    if (high < 0 || low < 0) {
                        throw notMapped(topicName, "'|' at index " + i + " is not followed by two upper-case hex digits");
                    }
                    utf8.put((byte) (high << 4 | low));
                    i += 3;
                }
                String decoded = decodeUtf8(utf8.flip(), topicName);
                for (int k = 0; k < decoded.length(); k++) {
                    if (passesThrough(decoded.charAt(k))) {
                        throw notMapped(topicName, "'" + decoded.charAt(k) + "' is escaped although it needs no escape");
                    }
                }
                name.append(decoded);
            } else {
                throw notMapped(topicName, "it contains '" + c + "', which topic names do not allow");
            }
        }
        return name.toString();
    }

    private static String escape(String jmsName) {
        StringBuilder topic = null;
        for (int i = 0; i < jmsName.length(); i++) {
            char c = jmsName.charAt(i);
            if (passesThrough(c)) {
                if (topic != null) {
                    topic.append(c);
                }
                continue;
            }
            if (topic == null) {
                topic = new StringBuilder(jmsName.length() + 16).append(jmsName, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < jmsName.length() ? i + 2 : i + 1;
            for (byte b : jmsName.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                topic.append(ESCAPE).append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i = end - 1;
        }
        return topic == null ? jmsName : topic.toString();
    }

    private static boolean passesThrough(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '%';
    }

    private static int maxLength(String topic) {
        return topic.startsWith("%RETRY%") || topic.startsWith("%DLQ%") ? MAX_RETRY_DLQ_TOPIC_LENGTH : MAX_TOPIC_LENGTH;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static String decodeUtf8(ByteBuffer bytes, String topicName) throws InvalidDestinationException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw notMapped(topicName, "its escaped bytes are not valid UTF-8");
        }
    }

    private static InvalidDestinationException notMapped(String topicName, String why) {
        return new InvalidDestinationException("FMQ-JMS-102 topic name '" + topicName
                + "' is not the mapping of a JMS destination name: " + why, "FMQ-JMS-102");
    }
}
