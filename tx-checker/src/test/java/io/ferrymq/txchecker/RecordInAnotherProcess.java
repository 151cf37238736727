package io.ferrymq.txchecker;

/** The application side of {@link SharedH2FileTest}, run in a child JVM: records one transaction and exits. */
public final class RecordInAnotherProcess {
    private RecordInAnotherProcess() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String transactionId = args[1];
        try (TxChecker app = TxChecker.start(new TxCheckerConfig().setJdbcUrl(url).setPurgeIntervalMinutes(0))) {
            BusinessTable.create(app.dataSource());
            app.transactionLog().inTransaction(app.dataSource(), transactionId,
                    c -> BusinessTable.insertOrder(c, "order-" + transactionId));
        }
    }
}
