package io.ferrymq.store;

import io.ferrymq.common.config.ConfigException;

import java.util.BitSet;

/** The parsed {@code deleteWhen} setting: the hours of day at which expired files may be deleted. Immutable. */
record DeleteWhen(BitSet hours) {

    static DeleteWhen parse(String value) {
        BitSet hours = new BitSet(24);
        for (String part : value.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int hour;
            try {
                hour = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                hour = -1;
            }
            if (hour < 0 || hour > 23) {
                throw new ConfigException("FMQ-CFG-004 deleteWhen '" + value
                        + "' must list hours 00-23 separated by ';', e.g. 04 or 04;16");
            }
            hours.set(hour);
        }
        return new DeleteWhen(hours);
    }

    boolean includes(int hourOfDay) {
        return hours.get(hourOfDay);
    }
}
