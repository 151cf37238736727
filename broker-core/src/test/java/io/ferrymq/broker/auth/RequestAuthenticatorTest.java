package io.ferrymq.broker.auth;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.auth.AclSignature;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class RequestAuthenticatorTest {
    @TempDir
    Path dir;
    private RequestAuthenticator authenticator;

    @BeforeEach
    void users() throws Exception {
        UserStore users = new UserStore(Files.writeString(dir.resolve("users.properties"), "alice=alice-secret\n"));
        users.load();
        authenticator = new RequestAuthenticator(users);
    }

    private static RemotingCommand send() {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).putExt("a", "PG").putExt("b", "T1")
                .body("hello".getBytes(StandardCharsets.UTF_8));
    }

    private RemotingCommand check(RemotingCommand request) {
        return authenticator.refusalOf(new FakeChannel(), request);
    }

    @Test
    void aRequestSignedByAKnownUserPasses() {
        RemotingCommand r = send();
        AclSignature.sign(r, "alice", "alice-secret", null);
        assertThat(check(r)).isNull();
        RemotingCommand withToken = send();
        AclSignature.sign(withToken, "alice", "alice-secret", "a-token");
        assertThat(check(withToken)).isNull();
    }

    @Test
    void unsignedUnknownAndWronglySignedRequestsAreRefusedWithNoPermissionAndAStableCode() {
        RemotingCommand unsigned = check(send());
        assertThat(unsigned.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(unsigned.isResponse()).isTrue();
        assertThat(unsigned.remark()).startsWith("FMQ-BROKER-301").contains("AccessKey");

        RemotingCommand noSignature = send().putExt(AclSignature.ACCESS_KEY, "alice");
        assertThat(check(noSignature).remark()).startsWith("FMQ-BROKER-301").contains("Signature");

        RemotingCommand unknown = send();
        AclSignature.sign(unknown, "mallory", "alice-secret", null);
        assertThat(check(unknown).remark()).startsWith("FMQ-BROKER-302").contains("'mallory'");

        RemotingCommand wrongSecret = send();
        AclSignature.sign(wrongSecret, "alice", "guess", null);
        RemotingCommand refused = check(wrongSecret);
        assertThat(refused.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(refused.remark()).startsWith("FMQ-BROKER-303").contains("'alice'").doesNotContain("alice-secret");

        RemotingCommand tampered = send();
        AclSignature.sign(tampered, "alice", "alice-secret", null);
        tampered.body("bye".getBytes(StandardCharsets.UTF_8));
        assertThat(check(tampered).remark()).startsWith("FMQ-BROKER-303");
    }

    @Test
    void hostileAccessKeysAreShortenedAndDefangedInTheAnswer() {
        RemotingCommand r = send();
        AclSignature.sign(r, "x".repeat(10_000) + "\n", "s", null);
        assertThat(check(r).remark()).startsWith("FMQ-BROKER-302").hasSizeLessThan(200).doesNotContain("\n");

        RemotingCommand control = send();
        AclSignature.sign(control, "evil\r\nFMQ-BROKER-001 fake", "s", null);
        assertThat(check(control).remark()).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void aRequestThatCannotBeCheckedIsRefused() {
        RemotingCommand nullKey = send();
        AclSignature.sign(nullKey, "alice", "alice-secret", null);
        nullKey.extFields().put(null, "x"); // cannot be sorted: the check fails, the request is refused
        RemotingCommand refused = check(nullKey);
        assertThat(refused.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(refused.remark()).startsWith("FMQ-BROKER-304");
    }

    private static final class FakeChannel implements RemotingChannel {
        @Override public SocketAddress remoteAddress() { return new InetSocketAddress("127.0.0.1", 4711); }
        @Override public String remoteAddressText() { return "127.0.0.1:4711"; }
        @Override public SocketAddress localAddress() { return new InetSocketAddress("127.0.0.1", 10911); }
        @Override public boolean isActive() { return true; }
        @Override public void write(RemotingCommand command) { }
        @Override public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, long timeoutMillis) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }
        @Override public void invokeOneway(RemotingCommand request) { }
        @Override public void close() { }
    }
}
