package io.ferrymq.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.nio.MappedByteBuffer;

/**
 * Releases a mapping at once instead of waiting for the garbage collector, so deleted files give their
 * disk space back promptly. Callers guarantee nobody touches the buffer afterwards. Stateless.
 */
final class MappedFileUnmapper {
    private static final Logger LOG = LoggerFactory.getLogger(MappedFileUnmapper.class);
    private static final sun.misc.Unsafe UNSAFE = unsafe();

    private MappedFileUnmapper() {
    }

    static void unmap(MappedByteBuffer buffer) {
        if (UNSAFE != null) {
            UNSAFE.invokeCleaner(buffer);
        }
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("FMQ-STORE-011 cannot unmap files eagerly; the garbage collector will do it: {}", e.toString());
            return null;
        }
    }
}
