package io.ferrymq.remoting.protocol.route;

/** Permission bits of topics and brokers. */
public final class PermName {
    public static final int PRIORITY = 8;
    public static final int READ = 4;
    public static final int WRITE = 2;
    public static final int INHERIT = 1;

    private PermName() {
    }

    public static boolean isReadable(int perm) {
        return (perm & READ) == READ;
    }

    public static boolean isWriteable(int perm) {
        return (perm & WRITE) == WRITE;
    }

    public static boolean isInherited(int perm) {
        return (perm & INHERIT) == INHERIT;
    }
}
