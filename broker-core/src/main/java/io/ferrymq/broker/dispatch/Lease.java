package io.ferrymq.broker.dispatch;

/**
 * A message handed out to one consumer until {@code deadline}; {@code deliveries} counts this delivery too. The
 * token names the lease in acknowledgements: a lease that expired and went to another consumer has a new one.
 */
public record Lease(long token, long deadline, int deliveries) {
}
