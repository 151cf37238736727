package io.ferrymq.txchecker.service;

import io.ferrymq.client.ClientAuthenticationException;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.CredentialsCheck;
import io.ferrymq.client.TransactionProducer;
import io.ferrymq.txchecker.TxChecker;
import io.ferrymq.txchecker.TxCheckerConfig;
import io.ferrymq.txchecker.TxCheckerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The standalone checker: a {@link TxChecker} on the transaction-log database and, per producer group, a transactional
 * "producer" of that group that sends nothing and only answers the brokers' back-checks from the log. It registers with
 * every broker of the cluster, so the half messages of an application that is down still get their answer.
 *
 * <p>{@link #start()} and {@link #close()} from one thread; the checks run on the producers' bounded check pools.
 */
public final class TxCheckerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TxCheckerService.class);

    private final TxCheckerServiceConfig config;
    private final TxCheckerConfig checkerConfig;
    private final List<TransactionProducer> producers = new ArrayList<>();
    private TxChecker checker;

    public TxCheckerService(TxCheckerServiceConfig config, TxCheckerConfig checkerConfig) {
        this.config = config;
        this.checkerConfig = checkerConfig;
    }

    /**
     * Validates both configurations, opens the log (a database that is down is not an error: checks answer UNKNOWN
     * until it is back) and starts answering.
     */
    public synchronized void start() throws ClientException {
        config.validate();
        verifyCredentials();
        checker = TxChecker.start(checkerConfig);
        try {
            for (String group : config.groups()) {
                ClientConfig client = clientConfig(config.getInstanceName() + "-" + group);
                TransactionProducer p = new TransactionProducer(group, client, new TxCheckerListener(checker))
                        .setCheckThreads(config.getCheckThreads());
                producers.add(p);
                p.start();
            }
        } catch (ClientException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("FMQ-TXC-100 transaction checker serving the back-checks of producer group(s) {} through nameserver(s)"
                + " {}, {} check thread(s) each", config.groups(), config.getNamesrvAddr(), config.getCheckThreads());
    }

    private ClientConfig clientConfig(String instanceName) {
        ClientConfig client = new ClientConfig().setNamesrvAddr(config.getNamesrvAddr()).setInstanceName(instanceName)
                .setHeartbeatBrokerIntervalMillis(config.getHeartbeatBrokerIntervalMillis());
        return config.hasCredentials() ? client.setCredentials(config.getAccessKey(), config.getSecretKey()) : client;
    }

    /**
     * With credentials configured, asks the brokers at once whether they accept them: a checker whose signatures are
     * refused would otherwise run on, answering no back-check, with only the brokers' logs saying why. Brokers that
     * cannot be asked yet (none registered, none reachable) are no reason not to start: the checker waits for them
     * like any client.
     *
     * @throws ClientAuthenticationException a broker refused the credentials
     */
    private void verifyCredentials() throws ClientException {
        if (!config.hasCredentials()) {
            return;
        }
        try {
            CredentialsCheck.verify(clientConfig(config.getInstanceName() + "-credentials"));
        } catch (ClientAuthenticationException e) {
            throw e;
        } catch (ClientException e) {
            LOG.warn("FMQ-TXC-109 could not check the credentials of access key {} yet: {}", config.getAccessKey(),
                    e.getMessage());
        }
    }

    /** Stops answering (checks under way finish), then closes the log's pool. Safe to call more than once. */
    @Override
    public synchronized void close() {
        for (TransactionProducer p : producers) {
            p.close();
        }
        boolean wasRunning = !producers.isEmpty() || checker != null;
        producers.clear();
        if (checker != null) {
            checker.close();
            checker = null;
        }
        if (wasRunning) {
            LOG.info("FMQ-TXC-105 transaction checker for {} stopped", config.groups());
        }
    }
}
