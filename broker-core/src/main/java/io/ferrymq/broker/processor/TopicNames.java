package io.ferrymq.broker.processor;

import java.util.Set;

/** Topic name rules shared by the processors: allowed characters, length, and system topics clients may not write. */
final class TopicNames {
    private static final int MAX_LENGTH = 127;
    private static final int MAX_RETRY_DLQ_LENGTH = 255;
    private static final Set<String> NOT_WRITABLE = Set.of("SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRANS_HALF_TOPIC",
            "RMQ_SYS_TRANS_OP_HALF_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC", "rmq_sys_wheel_timer", "TBW102");

    private TopicNames() {
    }

    /** Why the name is not a valid topic, or null. */
    static String problem(String topic) {
        if (topic == null || topic.isBlank()) {
            return "the specified topic is blank";
        }
        int max = topic.startsWith("%RETRY%") || topic.startsWith("%DLQ%") ? MAX_RETRY_DLQ_LENGTH : MAX_LENGTH;
        if (topic.length() > max) {
            return "the specified topic is longer than topic max length " + max;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '%' || c == '|' || c == '_' || c == '-';
            if (!ok) {
                return "the specified topic[" + topic + "] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$";
            }
        }
        return null;
    }

    static boolean isSystemTopicForbiddenToSend(String topic) {
        return NOT_WRITABLE.contains(topic);
    }

    /** Topics the broker owns: admin requests may not create, change or delete them. */
    static boolean isSystemTopic(String topic) {
        return NOT_WRITABLE.contains(topic) || topic.equals("SELF_TEST_TOPIC") || topic.equals("OFFSET_MOVED_EVENT")
                || topic.equals("RMQ_SYS_TRACE_TOPIC") || topic.startsWith("rmq_sys_");
    }
}
