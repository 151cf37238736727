package io.ferrymq.jms.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * Deserializes an ObjectMessage body, refusing classes outside the trusted packages before they are loaded, proxies,
 * nesting deeper than {@value #MAX_DEPTH} and arrays longer than the stream could fill (so a forged length cannot
 * allocate gigabytes). Classes load through the thread's context class loader first, as application servers expect.
 * One per deserialization, on the reading thread.
 */
final class TrustedObjectInputStream extends ObjectInputStream {
    static final int MAX_DEPTH = 100;

    private final TrustedPackages trust;
    private String refusedClass;

    TrustedObjectInputStream(byte[] serialized, TrustedPackages trust) throws IOException {
        super(new ByteArrayInputStream(serialized));
        this.trust = trust;
        setObjectInputFilter(limits(serialized.length));
    }

    /** The class refused for not being trusted, or null if none was. */
    String refusedClass() {
        return refusedClass;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        String name = desc.getName();
        if (!trust.trusts(name)) {
            refusedClass = name;
            throw new InvalidClassException(name, "not in the trusted packages " + trust);
        }
        ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
        if (contextLoader != null) {
            try {
                return Class.forName(name, false, contextLoader);
            } catch (ClassNotFoundException e) {
                // Not visible to the application's loader: try the one that loaded the provider.
            }
        }
        return super.resolveClass(desc);
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws InvalidClassException {
        refusedClass = "a dynamic proxy of " + String.join(", ", interfaces);
        throw new InvalidClassException(refusedClass, "dynamic proxies are never deserialized");
    }

    private ObjectInputFilter limits(long streamLength) {
        return info -> {
            ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
            if (jvmWide != null && jvmWide.checkInput(info) == ObjectInputFilter.Status.REJECTED) {
                return ObjectInputFilter.Status.REJECTED;
            }
            // Each array element takes at least one byte of the stream.
            if (info.depth() > MAX_DEPTH || info.arrayLength() > streamLength) {
                return ObjectInputFilter.Status.REJECTED;
            }
            Class<?> c = info.serialClass();
            if (c == null) {
                return ObjectInputFilter.Status.UNDECIDED;
            }
            if (!trust.trusts(c.getName())) {
                refusedClass = c.getName();
                return ObjectInputFilter.Status.REJECTED;
            }
            return ObjectInputFilter.Status.ALLOWED;
        };
    }
}
