package io.ferrymq.store;

/** Decides from a ConsumeQueue entry's tags code whether its record is worth reading. Stateless or thread-safe. */
@FunctionalInterface
public interface QueueEntryFilter {
    boolean accept(long tagsCode);
}
