package io.ferrymq.benchmarks.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Free TCP ports. A port counts as free when it can be bound on the wildcard address (so also on 127.0.0.1). */
final class Ports {
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 45_000;

    /**
     * A port p such that p - below ... p + above are all free and not handed out before in this run. It is
     * taken below the kernel's ephemeral range where that leaves room, so that no outgoing connection of
     * another process takes it between this check and the server's bind (a broker may start tens of seconds
     * later, after its master).
     */
    static synchronized int pick(int below, int above) {
        int highest = Math.min(HIGHEST, ephemeralStart());
        if (highest - LOWEST < 2_000) {
            highest = HIGHEST;
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(LOWEST + below, highest - above);
            boolean ok = true;
            for (int q = p - below; q <= p + above && ok; q++) {
                ok = !HANDED_OUT.contains(q) && free(q);
            }
            if (ok) {
                for (int q = p - below; q <= p + above; q++) {
                    HANDED_OUT.add(q);
                }
                return p;
            }
        }
        throw new IllegalStateException("no free port range found");
    }

    /** The first port of Linux's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range), or above any we use. */
    private static int ephemeralStart() {
        try {
            // readAllLines, not readString: on this kernel readString returns only the first byte of this procfs file.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (Exception e) {
            return Integer.MAX_VALUE;
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts connections on 127.0.0.1:port. */
    static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
