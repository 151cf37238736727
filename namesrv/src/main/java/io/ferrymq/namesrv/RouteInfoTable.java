package io.ferrymq.namesrv;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.DataVersion;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicConfig;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The nameserver's whole state: which broker groups exist in which cluster, their members' addresses,
 * which topics each master offers, and when each broker last registered. Every method takes the
 * read or write lock; safe from any thread.
 */
public final class RouteInfoTable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteInfoTable.class);

    /** A registered broker and what liveness tracking needs. */
    private record BrokerLive(String cluster, String brokerName, long brokerId, String haServerAddr,
                              DataVersion dataVersion, RemotingChannel channel, long lastUpdate) {
    }

    /** What a broker learns when it registers: for a slave, where its master is. */
    public record Registration(String masterAddr, String haServerAddr) {
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, QueueData>> topicQueueTable = new HashMap<>();
    private final Map<String, Map<Long, String>> brokerAddrTable = new HashMap<>();
    private final Map<String, String> clusterOfBroker = new HashMap<>();
    private final Map<String, Set<String>> clusterAddrTable = new HashMap<>();
    private final Map<String, BrokerLive> brokerLiveTable = new HashMap<>();

    /**
     * Records a broker's registration. A master's topic list replaces what that group offered before;
     * a slave's topics are ignored (routes come from masters).
     */
    public Registration register(String cluster, String brokerAddr, String brokerName, long brokerId,
                                 String haServerAddr, DataVersion dataVersion, Collection<TopicConfig> topics,
                                 RemotingChannel channel, long now) {
        lock.writeLock().lock();
        try {
            clusterAddrTable.computeIfAbsent(cluster, c -> new TreeSet<>()).add(brokerName);
            clusterOfBroker.put(brokerName, cluster);
            Map<Long, String> addrs = brokerAddrTable.computeIfAbsent(brokerName, n -> new TreeMap<>());
            // The same address re-registering under another id (a slave renumbered) replaces its old entry.
            addrs.entrySet().removeIf(e -> e.getValue().equals(brokerAddr) && e.getKey() != brokerId);
            boolean firstTime = addrs.put(brokerId, brokerAddr) == null;
            BrokerLive previous = brokerLiveTable.put(brokerAddr, new BrokerLive(cluster, brokerName, brokerId,
                    haServerAddr, dataVersion, channel, now));
            if (firstTime || previous == null) {
                LOG.info("FMQ-NAMESRV-010 broker {} (id {}) of group {} in cluster {} registered from {}",
                        brokerAddr, brokerId, brokerName, cluster, channel == null ? "?" : channel.remoteAddressText());
            }
            if (brokerId == BrokerData.MASTER_ID && topics != null
                    && (previous == null || !dataVersion.equals(previous.dataVersion()))) {
                replaceTopicsOf(brokerName, topics);
            }
            if (brokerId != BrokerData.MASTER_ID) {
                String masterAddr = addrs.get(BrokerData.MASTER_ID);
                BrokerLive master = masterAddr == null ? null : brokerLiveTable.get(masterAddr);
                if (master != null) {
                    return new Registration(masterAddr, master.haServerAddr());
                }
            }
            return new Registration(null, null);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void replaceTopicsOf(String brokerName, Collection<TopicConfig> topics) {
        Set<String> offered = new HashSet<>();
        for (TopicConfig t : topics) {
            offered.add(t.topicName());
            topicQueueTable.computeIfAbsent(t.topicName(), k -> new TreeMap<>())
                    .put(brokerName, new QueueData(brokerName, t.readQueueNums(), t.writeQueueNums(), t.perm(),
                            t.topicSysFlag()));
        }
        removeQueueDataOf(brokerName, topic -> !offered.contains(topic));
    }

    private void removeQueueDataOf(String brokerName, java.util.function.Predicate<String> whichTopics) {
        for (Iterator<Map.Entry<String, Map<String, QueueData>>> it = topicQueueTable.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Map<String, QueueData>> e = it.next();
            if (whichTopics.test(e.getKey()) && e.getValue().remove(brokerName) != null && e.getValue().isEmpty()) {
                it.remove();
            }
        }
    }

    /** The DataVersion last registered from {@code brokerAddr}, or null. Also counts as a heartbeat. */
    public DataVersion touch(String brokerAddr, long now) {
        lock.writeLock().lock();
        try {
            BrokerLive live = brokerLiveTable.get(brokerAddr);
            if (live == null) {
                return null;
            }
            brokerLiveTable.put(brokerAddr, new BrokerLive(live.cluster(), live.brokerName(), live.brokerId(),
                    live.haServerAddr(), live.dataVersion(), live.channel(), now));
            return live.dataVersion();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void unregister(String brokerAddr, String reason) {
        lock.writeLock().lock();
        try {
            BrokerLive live = brokerLiveTable.remove(brokerAddr);
            if (live == null) {
                return;
            }
            LOG.info("FMQ-NAMESRV-011 broker {} (id {}) of group {} removed: {}", brokerAddr, live.brokerId(),
                    live.brokerName(), reason);
            Map<Long, String> addrs = brokerAddrTable.get(live.brokerName());
            if (addrs != null) {
                addrs.remove(live.brokerId(), brokerAddr);
                if (addrs.isEmpty()) {
                    brokerAddrTable.remove(live.brokerName());
                    String cluster = clusterOfBroker.remove(live.brokerName());
                    Set<String> names = cluster == null ? null : clusterAddrTable.get(cluster);
                    if (names != null) {
                        names.remove(live.brokerName());
                        if (names.isEmpty()) {
                            clusterAddrTable.remove(cluster);
                        }
                    }
                    removeQueueDataOf(live.brokerName(), topic -> true);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops brokers silent longer than {@code expiryMillis}; returns their addresses. */
    public List<String> dropSilentBrokers(long now, long expiryMillis) {
        List<String> silent = new ArrayList<>();
        List<RemotingChannel> channels = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (Map.Entry<String, BrokerLive> e : brokerLiveTable.entrySet()) {
                if (now - e.getValue().lastUpdate() > expiryMillis) {
                    silent.add(e.getKey());
                    if (e.getValue().channel() != null) {
                        channels.add(e.getValue().channel());
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        for (String addr : silent) {
            unregister(addr, "silent for more than " + expiryMillis + " ms");
        }
        channels.forEach(RemotingChannel::close);
        return silent;
    }

    /** Removes every broker that registered over {@code channel}, which just closed. */
    public void onChannelClosed(RemotingChannel channel) {
        List<String> gone = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (Map.Entry<String, BrokerLive> e : brokerLiveTable.entrySet()) {
                if (e.getValue().channel() == channel) {
                    gone.add(e.getKey());
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        for (String addr : gone) {
            unregister(addr, "connection closed");
        }
    }

    /** The route of {@code topic}, or null if no live master group offers it. */
    public TopicRouteData route(String topic) {
        lock.readLock().lock();
        try {
            Map<String, QueueData> queues = topicQueueTable.get(topic);
            if (queues == null || queues.isEmpty()) {
                return null;
            }
            List<BrokerData> brokers = new ArrayList<>();
            for (String brokerName : queues.keySet()) {
                Map<Long, String> addrs = brokerAddrTable.get(brokerName);
                if (addrs != null) {
                    brokers.add(new BrokerData(clusterOfBroker.get(brokerName), brokerName, addrs));
                }
            }
            if (brokers.isEmpty()) {
                return null;
            }
            return new TopicRouteData(new ArrayList<>(queues.values()), brokers);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every broker group by name, and every cluster's group names. */
    public record ClusterInfo(Map<String, BrokerData> brokers, Map<String, Set<String>> clusters) {
    }

    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            Map<String, BrokerData> brokers = new TreeMap<>();
            for (Map.Entry<String, Map<Long, String>> e : brokerAddrTable.entrySet()) {
                brokers.put(e.getKey(), new BrokerData(clusterOfBroker.get(e.getKey()), e.getKey(), e.getValue()));
            }
            Map<String, Set<String>> clusters = new TreeMap<>();
            clusterAddrTable.forEach((k, v) -> clusters.put(k, new TreeSet<>(v)));
            return new ClusterInfo(brokers, clusters);
        } finally {
            lock.readLock().unlock();
        }
    }

    public Set<String> topics() {
        lock.readLock().lock();
        try {
            return new TreeSet<>(topicQueueTable.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    public Set<String> topicsOfCluster(String cluster) {
        lock.readLock().lock();
        try {
            Set<String> names = clusterAddrTable.getOrDefault(cluster, Set.of());
            Set<String> topics = new TreeSet<>();
            for (Map.Entry<String, Map<String, QueueData>> e : topicQueueTable.entrySet()) {
                for (String brokerName : e.getValue().keySet()) {
                    if (names.contains(brokerName)) {
                        topics.add(e.getKey());
                    }
                }
            }
            return topics;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Removes a topic from the routes (of one cluster's groups, or everywhere if cluster is null). */
    public void deleteTopic(String topic, String cluster) {
        lock.writeLock().lock();
        try {
            Map<String, QueueData> queues = topicQueueTable.get(topic);
            if (queues == null) {
                return;
            }
            if (cluster == null || cluster.isEmpty()) {
                topicQueueTable.remove(topic);
                return;
            }
            queues.keySet().removeAll(clusterAddrTable.getOrDefault(cluster, Set.of()));
            if (queues.isEmpty()) {
                topicQueueTable.remove(topic);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
