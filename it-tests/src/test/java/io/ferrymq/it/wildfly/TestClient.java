package io.ferrymq.it.wildfly;

import io.ferrymq.jms.FerryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Test JVM side: what the WildFly tests use to drive and check the server from outside: calls into the test
 * application over HTTP, and FerryMQ's own JMS provider to send to and read from the cluster the server uses.
 * One per test class; the JUnit thread only.
 */
final class TestClient implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String appUrl;
    private final Connection connection;

    TestClient(String appUrl) throws JMSException {
        this.appUrl = appUrl;
        FerryConnectionFactory factory = new FerryConnectionFactory();
        factory.setNamesrvAddr(WildFlySuite.get().namesrvAddr());
        this.connection = factory.createConnection();
        connection.start();
    }

    /** GET {@code <app>/ctl?op=...}: the servlet's answer ({@code ok}, {@code failed: ...} or records). */
    String call(String op, Map<String, String> params) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(op, params), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(op + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    HttpRequest request(String op, Map<String, String> params) {
        StringJoiner query = new StringJoiner("&", "?op=" + op + (params.isEmpty() ? "" : "&"), "");
        params.forEach((k, v) -> query.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(URI.create(appUrl + "ctl" + query)).timeout(Duration.ofSeconds(120)).build();
    }

    HttpClient http() {
        return http;
    }

    /** A {@link Records} log of the application, one entry per line. */
    List<String> records(String log) throws IOException, InterruptedException {
        String body = call("records", Map.of("log", log));
        return body.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    void send(String queue, String text) throws JMSException {
        try (Session s = connection.createSession()) {
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        }
    }

    Session session() throws JMSException {
        return connection.createSession();
    }

    /**
     * Receives from {@code queue} until {@code expected} messages arrived (waiting up to {@code timeoutMillis}), then
     * waits {@code quietMillis} more for any message beyond them: the caller asserts on all of them.
     */
    List<Message> receive(String queue, int expected, long timeoutMillis, long quietMillis) throws JMSException {
        List<Message> got = new ArrayList<>();
        try (Session s = connection.createSession(); MessageConsumer consumer = s.createConsumer(s.createQueue(queue))) {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (got.size() < expected) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                Message m = consumer.receive(left);
                if (m != null) {
                    got.add(m);
                }
            }
            Message extra;
            while ((extra = consumer.receive(quietMillis)) != null) {
                got.add(extra);
            }
        }
        return got;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
