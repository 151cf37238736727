package io.ferrymq.broker.xa;

import io.ferrymq.common.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The work of one prepared XA branch on this broker: the half messages its sends stored here, and the messages its
 * receives took from this broker's dispatched subscriptions (held until the branch ends). Immutable.
 *
 * @param xid        the branch's Xid as text ({@code formatId:gtridHex:bqualHex}); opaque to the broker
 * @param preparedAt broker clock, ms, when the prepare was stored
 * @param halves     commit-log offsets of the half messages
 * @param held       the received messages
 */
public record XaBranch(String xid, long preparedAt, List<Long> halves, List<HeldMessage> held) {

    /** One received message: its subscription, queue and offset, and the lease token the prepare turned into a hold. */
    public record HeldMessage(String group, String topic, int queueId, long offset, long token, int deliveries) {
    }

    public XaBranch {
        halves = List.copyOf(halves);
        held = List.copyOf(held);
    }

    /** The same work (a prepare sent again after a lost answer), whenever it was prepared. */
    boolean sameWork(XaBranch other) {
        return xid.equals(other.xid) && halves.equals(other.halves) && held.equals(other.held);
    }

    JsonObject toJson() {
        List<Object> heldJson = new ArrayList<>(held.size());
        for (HeldMessage h : held) {
            heldJson.add(new JsonObject().put("group", h.group()).put("topic", h.topic()).put("queueId", h.queueId())
                    .put("offset", h.offset()).put("token", h.token()).put("deliveries", h.deliveries()));
        }
        return new JsonObject().put("xid", xid).put("preparedAt", preparedAt).put("halves", new ArrayList<Object>(halves))
                .put("held", heldJson);
    }

    /**
     * Reads a branch from its JSON form (a stored record, or a prepare request's body with {@code xid} and
     * {@code preparedAt} given by the caller).
     *
     * @throws IllegalArgumentException the JSON does not describe a branch
     */
    public static XaBranch fromJson(JsonObject o, String xid, long preparedAt) {
        try {
            List<Long> halves = new ArrayList<>();
            List<Object> rawHalves = o.getArray("halves");
            if (rawHalves != null) {
                for (Object h : rawHalves) {
                    halves.add(((Number) h).longValue());
                }
            }
            List<HeldMessage> held = new ArrayList<>();
            List<Object> rawHeld = o.getArray("held");
            if (rawHeld != null) {
                for (Object raw : rawHeld) {
                    JsonObject h = (JsonObject) raw;
                    String group = h.getString("group");
                    String topic = h.getString("topic");
                    if (group == null || topic == null) {
                        throw new IllegalArgumentException("a held message needs its group and topic");
                    }
                    held.add(new HeldMessage(group, topic, h.getInt("queueId", -1), h.getLong("offset", -1),
                            h.getLong("token", 0), h.getInt("deliveries", 1)));
                }
            }
            return new XaBranch(xid, preparedAt, halves, held);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an XA branch: " + e.getMessage(), e);
        }
    }
}
