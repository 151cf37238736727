package io.ferrymq.remoting.auth;

import io.ferrymq.remoting.protocol.RemotingCommand;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RocketMQ ACL signature; its match with the official AclClientRPCHook is proven in it-tests. */
class AclSignatureTest {

    private static RemotingCommand request() {
        return RemotingCommand.request(10).putExt("b", "2").putExt("a", "1")
                .body("xyz".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void signsTheValuesSortedByFieldNameThenTheBodyWithHmacSha1InBase64() {
        RemotingCommand r = request();
        AclSignature.sign(r, "ak", "sk", null);
        // Field names sort "AccessKey" < "a" < "b": content "ak" + "1" + "2" + body "xyz" (computed with Python's hmac).
        assertThat(r.ext(AclSignature.ACCESS_KEY)).isEqualTo("ak");
        assertThat(r.ext(AclSignature.SIGNATURE)).isEqualTo("UoAhZ1N8eGq/Y1QRbRCsPU4HtaE=");
        assertThat(r.ext(AclSignature.SECURITY_TOKEN)).isNull();
        assertThat(AclSignature.matches(r, "sk")).isTrue();
    }

    @Test
    void aSignedRequestPrintsWithoutItsSignatureOrToken() {
        RemotingCommand r = request();
        AclSignature.sign(r, "ak", "sk", "token-value");
        String printed = r.toString();
        assertThat(printed).contains("AccessKey=ak", "a=1", "b=2", "Signature=***", "SecurityToken=***")
                .doesNotContain(r.ext(AclSignature.SIGNATURE), "token-value");
        assertThat(AclSignature.matches(r, "sk")).as("printing changes nothing").isTrue();
    }

    @Test
    void anyChangeAfterSigningOrAnotherSecretBreaksTheMatch() {
        RemotingCommand r = request();
        AclSignature.sign(r, "ak", "sk", "token");
        assertThat(AclSignature.matches(r, "sk")).isTrue();
        assertThat(AclSignature.matches(r, "sk2")).isFalse();

        RemotingCommand changedBody = request();
        AclSignature.sign(changedBody, "ak", "sk", "token");
        changedBody.body("xyZ".getBytes(StandardCharsets.UTF_8));
        assertThat(AclSignature.matches(changedBody, "sk")).isFalse();

        RemotingCommand changedField = request();
        AclSignature.sign(changedField, "ak", "sk", "token");
        changedField.putExt("a", "9");
        assertThat(AclSignature.matches(changedField, "sk")).isFalse();

        RemotingCommand otherToken = request();
        AclSignature.sign(otherToken, "ak", "sk", "token");
        otherToken.putExt(AclSignature.SECURITY_TOKEN, "other");
        assertThat(AclSignature.matches(otherToken, "sk")).isFalse();

        RemotingCommand unsigned = request();
        assertThat(AclSignature.matches(unsigned, "sk")).isFalse();
    }

    @Test
    void signingAgainReplacesTheSignatureAndEmptyRequestsSignToo() {
        RemotingCommand r = request();
        AclSignature.sign(r, "ak", "sk", null);
        String first = r.ext(AclSignature.SIGNATURE);
        AclSignature.sign(r, "ak", "sk", null);
        assertThat(r.ext(AclSignature.SIGNATURE)).isEqualTo(first);

        RemotingCommand bare = RemotingCommand.request(34);
        AclSignature.sign(bare, "ak", "sk", null);
        assertThat(AclSignature.matches(bare, "sk")).isTrue();
        assertThatThrownBy(() -> AclSignature.compute(bare, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUniqueKeyQueryFlagIsLeftOutOnlyForClientsUpTo4_9_3() {
        // Those clients added the flag after signing: content "ak" + "1" + "2", the flag ignored.
        RemotingCommand old = RemotingCommand.request(12).version(AclSignature.V4_9_3).putExt("a", "1").putExt("b", "2");
        old.putExt(AclSignature.ACCESS_KEY, "ak");
        String withoutFlag = AclSignature.compute(old, "sk");
        old.putExt(AclSignature.UNIQUE_KEY_QUERY, "true");
        assertThat(AclSignature.compute(old, "sk")).isEqualTo(withoutFlag);

        // Newer clients sign it: "_" sorts after upper case and before lower case, so content "ak" + "true" + "1" + "2".
        RemotingCommand current = RemotingCommand.request(12).putExt("a", "1").putExt("b", "2")
                .putExt(AclSignature.UNIQUE_KEY_QUERY, "true").putExt(AclSignature.ACCESS_KEY, "ak");
        assertThat(AclSignature.compute(current, "sk")).isNotEqualTo(withoutFlag).isEqualTo("sZGe9+cEejjm5kUXVq17ew5ce48=");
    }
}
