package io.ferrymq.examples.ee;

import jakarta.ejb.ApplicationException;

/**
 * An order the shop refuses. Thrown by {@link OrderService} after it stored the row and sent the message; as an
 * application exception with {@code rollback = true} it reaches the caller as it is and rolls the transaction back,
 * so neither the row nor the message survives. {@link OrderDeclinedMapper} turns it into HTTP 422.
 */
@ApplicationException(rollback = true)
public class OrderDeclinedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OrderDeclinedException(String message) {
        super(message);
    }
}
