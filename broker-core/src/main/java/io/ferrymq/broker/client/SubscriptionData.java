package io.ferrymq.broker.client;

import io.ferrymq.common.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One subscription of a consumer group: a topic and its filter expression ({@code TAG} or {@code SQL92}),
 * with the tag hash codes the ConsumeQueue stores, so the broker filters without reading records.
 * Immutable.
 */
public record SubscriptionData(String topic, String subString, Set<String> tagsSet, Set<Integer> codeSet,
                               long subVersion, String expressionType) {
    public static final String SUB_ALL = "*";
    public static final String TAG = "TAG";

    public boolean subscribesAll() {
        return subString == null || subString.isEmpty() || SUB_ALL.equals(subString.trim());
    }

    /** Whether a record with this ConsumeQueue tags code may match. */
    public boolean acceptsTagsCode(long tagsCode) {
        return subscribesAll() || !TAG.equals(expressionType) || codeSet.contains((int) tagsCode);
    }

    /** Parses a TAG expression ({@code *} or {@code TagA || TagB}) as the client does. */
    public static SubscriptionData ofTagExpression(String topic, String expression, long subVersion) {
        Set<String> tags = new LinkedHashSet<>();
        Set<Integer> codes = new LinkedHashSet<>();
        String sub = expression == null || expression.isBlank() ? SUB_ALL : expression.trim();
        if (!SUB_ALL.equals(sub)) {
            for (String tag : sub.split("\\|\\|")) {
                String t = tag.trim();
                if (!t.isEmpty()) {
                    tags.add(t);
                    codes.add(t.hashCode());
                }
            }
        }
        return new SubscriptionData(topic, sub, tags, codes, subVersion, TAG);
    }

    public static SubscriptionData fromJson(JsonObject o) {
        Set<String> tags = new LinkedHashSet<>();
        List<Object> rawTags = o.getArray("tagsSet");
        if (rawTags != null) {
            rawTags.forEach(t -> tags.add(String.valueOf(t)));
        }
        Set<Integer> codes = new LinkedHashSet<>();
        List<Object> rawCodes = o.getArray("codeSet");
        if (rawCodes != null) {
            rawCodes.forEach(c -> codes.add(((Number) c).intValue()));
        }
        if (codes.isEmpty() && !tags.isEmpty()) {
            tags.forEach(t -> codes.add(t.hashCode()));
        }
        return new SubscriptionData(o.getString("topic"), o.getString("subString", SUB_ALL), tags, codes,
                o.getLong("subVersion", 0), o.getString("expressionType", TAG));
    }

    public JsonObject toJson() {
        return new JsonObject().put("classFilterMode", false).put("codeSet", List.copyOf(codeSet))
                .put("expressionType", expressionType).put("subString", subString).put("subVersion", subVersion)
                .put("tagsSet", List.copyOf(tagsSet)).put("topic", topic);
    }
}
