package io.ferrymq.jms.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The packages whose classes an {@link jakarta.jms.ObjectMessage} may deserialize; every other class is refused, so a
 * sender cannot make a receiver instantiate gadget classes. Immutable; safe from any thread.
 *
 * <p>An entry trusts its package and the packages under it ({@code com.acme} trusts {@code com.acme.Order} and
 * {@code com.acme.billing.Invoice}); {@code *} trusts everything and should only be used when every sender is
 * trusted. {@link #defaults()} trusts {@code java.lang}, {@code java.util}, {@code java.math} and {@code java.time},
 * plus the comma-separated entries of the system property {@value #SYSTEM_PROPERTY}. Whatever the entries,
 * {@code java.lang.invoke} and {@code java.lang.reflect} (lambdas, proxies, method handles) stay refused unless
 * everything is trusted.
 */
public final class TrustedPackages {
    /** System property whose comma-separated packages extend {@link #defaults()}. */
    public static final String SYSTEM_PROPERTY = "ferrymq.jms.objectMessage.trustedPackages";
    /** The entry that trusts every class. */
    public static final String TRUST_ALL = "*";
    public static final List<String> DEFAULT_PACKAGES = List.of("java.lang", "java.util", "java.math", "java.time");

    private static final List<String> REFUSED_UNLESS_ALL_TRUSTED = List.of("java.lang.invoke", "java.lang.reflect");
    private static final TrustedPackages BUILT_IN = new TrustedPackages(DEFAULT_PACKAGES);

    /** The last defaults() result and the property text it came from: messages are created often, parse rarely. */
    private static volatile Object[] cachedDefaults = {null, BUILT_IN};

    private final List<String> packages;
    private final boolean trustsAll;

    private TrustedPackages(Collection<String> packages) {
        Set<String> unique = new LinkedHashSet<>();
        for (String p : packages) {
            String entry = Objects.requireNonNull(p, "package").trim();
            if (entry.endsWith(".*")) {
                entry = entry.substring(0, entry.length() - 2);
            }
            if (entry.isEmpty() || entry.startsWith(".") || entry.endsWith(".")) {
                throw new IllegalArgumentException("FMQ-JMS-404 '" + p + "' is not a package name (nor '*')");
            }
            unique.add(entry);
        }
        this.packages = List.copyOf(unique);
        this.trustsAll = unique.contains(TRUST_ALL);
    }

    /** The default packages plus those named in the system property {@value #SYSTEM_PROPERTY}. */
    public static TrustedPackages defaults() {
        String extra = System.getProperty(SYSTEM_PROPERTY);
        Object[] cached = cachedDefaults;
        if (Objects.equals(cached[0], extra)) {
            return (TrustedPackages) cached[1];
        }
        TrustedPackages result = extra == null || extra.isBlank() ? BUILT_IN : BUILT_IN.plus(split(extra).toArray(String[]::new));
        cachedDefaults = new Object[] {extra, result};
        return result;
    }

    /** Exactly these packages (each with its subpackages); {@code "*"} trusts all. */
    public static TrustedPackages of(Collection<String> packages) {
        return new TrustedPackages(packages);
    }

    /** These trusted packages and more. */
    public TrustedPackages plus(String... more) {
        List<String> all = new ArrayList<>(packages);
        all.addAll(Arrays.asList(more));
        return new TrustedPackages(all);
    }

    public List<String> packages() {
        return packages;
    }

    /**
     * Whether a class, named as {@link Class#getName()} names it (arrays included), may be deserialized. Arrays of
     * primitives always may; arrays of objects when their element class may.
     */
    public boolean trusts(String className) {
        String name = className;
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims > 0) {
            if (name.length() == dims + 1) {
                return true;
            }
            if (name.charAt(dims) != 'L' || !name.endsWith(";")) {
                return false;
            }
            name = name.substring(dims + 1, name.length() - 1);
        }
        if (trustsAll) {
            return true;
        }
        int lastDot = name.lastIndexOf('.');
        if (lastDot < 0) {
            return false;
        }
        String pkg = name.substring(0, lastDot);
        for (String refused : REFUSED_UNLESS_ALL_TRUSTED) {
            if (isInPackage(pkg, refused)) {
                return false;
            }
        }
        for (String trusted : packages) {
            if (isInPackage(pkg, trusted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isInPackage(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root) && pkg.charAt(root.length()) == '.';
    }

    private static List<String> split(String commaSeparated) {
        List<String> entries = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            if (!s.isBlank()) {
                entries.add(s.trim());
            }
        }
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustedPackages other && other.packages.equals(packages);
    }

    @Override
    public int hashCode() {
        return packages.hashCode();
    }

    @Override
    public String toString() {
        return packages.toString();
    }
}
