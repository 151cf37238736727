package io.ferrymq.benchmarks.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Free TCP ports. A port counts as free when it can be bound on the wildcard address (so also on 127.0.0.1). */
final class Ports {
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    /** A port p such that p - below ... p + above are all free and not handed out before in this run. */
    static synchronized int pick(int below, int above) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000 + below, 45_000);
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
