package io.ferrymq.store;

import java.util.List;

/** Records found by key or id; holds their files open until {@link #close()}. Owned by the querying thread. */
public record QueryResult(List<SelectedBuffer> records) implements AutoCloseable {
    @Override
    public void close() {
        for (SelectedBuffer b : records) {
            b.close();
        }
    }
}
