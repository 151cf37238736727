package io.ferrymq.broker.slave;

import io.ferrymq.broker.group.SubscriptionGroupTable;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.common.json.Json;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * On a slave: copies the master's topics, consumer offsets and consumer groups every 10 s (first after
 * 3 s), over ordinary remoting calls (metadata never travels on the HA stream), so consumers that move to
 * the slave find their groups and do not rewind. Runs on the broker's scheduler.
 */
public final class SlaveSynchronizer {
    private static final Logger LOG = LoggerFactory.getLogger(SlaveSynchronizer.class);
    private static final long TIMEOUT_MILLIS = 3_000;

    private final TopicConfigTable topics;
    private final ConsumerOffsetTable offsets;
    private final SubscriptionGroupTable groups;
    private final NettyRemotingClient client;
    /** Signs each request for a master with {@code aclEnable} (the broker's inner credentials), or leaves it as is. */
    private final Consumer<RemotingCommand> signer;
    private volatile String masterAddr;

    public SlaveSynchronizer(TopicConfigTable topics, ConsumerOffsetTable offsets, SubscriptionGroupTable groups,
                             NettyRemotingClient client, Consumer<RemotingCommand> signer) {
        this.topics = topics;
        this.offsets = offsets;
        this.groups = groups;
        this.client = client;
        this.signer = signer;
    }

    public void start(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(this::syncAll, 3_000, 10_000, TimeUnit.MILLISECONDS);
    }

    /** The master this slave copies from, as the nameserver's registration answer names it. */
    public void masterAddr(String addr) {
        if (addr != null && !addr.equals(masterAddr)) {
            LOG.info("FMQ-BROKER-100 slave follows master {}", addr);
        }
        masterAddr = addr;
    }

    public String masterAddr() {
        return masterAddr;
    }

    /** Copies everything once now; false when the master could not be reached. */
    public boolean syncAll() {
        String master = masterAddr;
        if (master == null) {
            return false;
        }
        try {
            topics.replaceAllFromMaster(Json.parseObject(fetch(master, RequestCode.GET_ALL_TOPIC_CONFIG)));
            offsets.replaceAllFromMaster(Json.parseObject(fetch(master, RequestCode.GET_ALL_CONSUMER_OFFSET)));
            groups.replaceAllFromMaster(Json.parseObject(fetch(master, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG)));
            return true;
        } catch (RemotingException | RuntimeException e) {
            LOG.warn("FMQ-BROKER-101 copying metadata from master {} failed: {}", master, e.getMessage());
            return false;
        }
    }

    private byte[] fetch(String master, int code) throws RemotingException {
        RemotingCommand r;
        try {
            RemotingCommand request = RemotingCommand.request(code);
            signer.accept(request);
            r = client.invokeSync(master, request, TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying metadata from the master", e);
        }
        if (r.code() != ResponseCode.SUCCESS || r.body() == null) {
            throw new IllegalStateException("request " + code + " refused by the master: " + r.remark());
        }
        return r.body();
    }
}
