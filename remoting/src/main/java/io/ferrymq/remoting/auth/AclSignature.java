package io.ferrymq.remoting.auth;

import io.ferrymq.remoting.protocol.RemotingCommand;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request signature of RocketMQ's ACL ({@code org.apache.rocketmq.acl.common.AclClientRPCHook} on the client,
 * {@code PlainAccessResource}/{@code DefaultAuthenticationContextBuilder} on the broker): HmacSHA1, keyed with the
 * UTF-8 secret key, over the values of every ext field except {@code Signature}, sorted by field name and
 * concatenated as UTF-8, followed by the body; the result Base64-encoded into the {@code Signature} ext field.
 * {@code AccessKey} (and {@code SecurityToken} when given) are added before signing, so they are signed too.
 * Stateless; safe from any thread.
 */
public final class AclSignature {
    public static final String ACCESS_KEY = "AccessKey";
    public static final String SIGNATURE = "Signature";
    public static final String SECURITY_TOKEN = "SecurityToken";
    /**
     * Clients up to RocketMQ 4.9.3 added this QUERY_MESSAGE field after signing, so RocketMQ's brokers leave it out
     * of the signed content for requests of those versions; so does FerryMQ.
     */
    static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";
    /** MQVersion.Version.V4_9_3's ordinal. */
    static final int V4_9_3 = 400;
    private static final String ALGORITHM = "HmacSHA1";

    private AclSignature() {
    }

    /**
     * Adds {@code AccessKey}, {@code SecurityToken} (when not null) and {@code Signature} to {@code request}, as
     * {@code AclClientRPCHook} does. Call it last, once the header and body are final; signing again (a resend)
     * replaces the old signature.
     */
    public static void sign(RemotingCommand request, String accessKey, String secretKey, String securityToken) {
        request.putExt(ACCESS_KEY, accessKey);
        if (securityToken != null) {
            request.putExt(SECURITY_TOKEN, securityToken);
        }
        request.putExt(SIGNATURE, compute(request, secretKey));
    }

    /** True when {@code request}'s {@code Signature} is the one {@code secretKey} gives; compared in constant time. */
    public static boolean matches(RemotingCommand request, String secretKey) {
        String given = request.ext(SIGNATURE);
        if (given == null) {
            return false;
        }
        byte[] expected = compute(request, secretKey).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }

    /** The Base64 HmacSHA1 signature of {@code request}'s ext fields and body under {@code secretKey}. */
    public static String compute(RemotingCommand request, String secretKey) {
        if (secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("a secret key must not be empty");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update(signedFields(request).getBytes(StandardCharsets.UTF_8));
            if (request.body() != null) {
                mac.update(request.body());
            } else if (request.bodyBuffers() != null) {
                for (ByteBuffer b : request.bodyBuffers()) {
                    mac.update(b.duplicate());
                }
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            // HmacSHA1 is a JDK-mandated algorithm; nothing a request carries can cause this.
            throw new IllegalStateException("HmacSHA1 unavailable: " + e, e);
        }
    }

    private static String signedFields(RemotingCommand request) {
        Map<String, String> ext = request.extFields();
        if (ext == null || ext.isEmpty()) {
            return "";
        }
        boolean skipUniqueKeyQuery = request.version() <= V4_9_3;
        StringBuilder sb = new StringBuilder(256);
        for (Map.Entry<String, String> e : new TreeMap<>(ext).entrySet()) {
            String key = e.getKey();
            if (SIGNATURE.equals(key) || (skipUniqueKeyQuery && UNIQUE_KEY_QUERY.equals(key))) {
                continue;
            }
            sb.append(e.getValue());
        }
        return sb.toString();
    }
}
