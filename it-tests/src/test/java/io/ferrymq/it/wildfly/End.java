package io.ferrymq.it.wildfly;

import jakarta.ejb.SessionContext;

/** Server side: ends a bean's container-managed transaction the way a test asks. */
final class End {
    private End() {
    }

    static void as(String outcome, SessionContext context) {
        switch (outcome) {
            case "commit" -> { }
            case "rollbackOnly" -> context.setRollbackOnly();
            case "throw" -> throw new IllegalStateException("the test asked this transaction to fail");
            default -> throw new IllegalArgumentException("unknown outcome " + outcome);
        }
    }
}
