package io.ferrymq.it;

import io.ferrymq.jms.FerryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credentials (issue 7): checked by brokers with aclEnable=true; wrong ones fail with the JMS security exceptions. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JmsSecurityTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.builder().users(Map.of("alice", "alice-secret")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static FerryConnectionFactory factory() {
        FerryConnectionFactory f = new FerryConnectionFactory();
        f.setNamesrvAddr(cluster.namesrvAddr());
        return f;
    }

    @Test
    void rightCredentialsSendAndReceive() throws Exception {
        try (Connection c = factory().createConnection("alice", "alice-secret")) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("secured");
            s.createProducer(q).send(s.createTextMessage("for alice"));
            assertThat(JmsTestBase.text(s.createConsumer(q).receive(10_000))).isEqualTo("for alice");
        }
        FerryConnectionFactory preset = factory();
        preset.setUser("alice");
        preset.setPassword("alice-secret");
        try (JMSContext ctx = preset.createContext()) {
            Queue q = ctx.createQueue("secured-ctx");
            ctx.createProducer().send(q, "ctx");
            assertThat(ctx.createConsumer(q).receiveBody(String.class, 10_000)).isEqualTo("ctx");
        }
    }

    @Test
    void wrongOrMissingCredentialsFailWithSecurityExceptions() {
        assertThatThrownBy(() -> factory().createConnection("alice", "wrong"))
                .isInstanceOf(JMSSecurityException.class).hasMessageContaining("FMQ-JMS-611");
        assertThatThrownBy(() -> factory().createConnection("mallory", "x"))
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> factory().createConnection())
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> factory().createContext("alice", "wrong"))
                .isInstanceOf(JMSSecurityRuntimeException.class);
    }
}
