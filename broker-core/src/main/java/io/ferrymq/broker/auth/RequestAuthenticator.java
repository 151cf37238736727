package io.ferrymq.broker.auth;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestGate;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.auth.AclSignature;
import io.ferrymq.remoting.protocol.RemotingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only when it carries RocketMQ's ACL fields and its {@code Signature} is the one the secret
 * key of its {@code AccessKey} gives (see {@link AclSignature}). A refusal is an ordinary response: NO_PERMISSION
 * (16, what RocketMQ 5's authentication answers) with a remark that starts with a stable code; the connection stays
 * open and nothing else is affected. Authentication only: every known user may do everything. Stateless apart from
 * the {@link UserStore}; runs on the processors' executor threads.
 */
public final class RequestAuthenticator implements RequestGate {
    private static final Logger LOG = LoggerFactory.getLogger(RequestAuthenticator.class);
    /** Remarks echo the access key a client sent; a hostile one must not fill the logs. */
    private static final int MAX_ECHOED_KEY = 64;

    private final UserStore users;

    public RequestAuthenticator(UserStore users) {
        this.users = users;
    }

    @Override
    public RemotingCommand refusalOf(RemotingChannel channel, RemotingCommand request) {
        try {
            String accessKey = request.ext(AclSignature.ACCESS_KEY);
            if (accessKey == null || request.ext(AclSignature.SIGNATURE) == null) {
                return refuse(channel, request, "FMQ-BROKER-301 authentication required: the request has no "
                        + (accessKey == null ? "AccessKey" : "Signature") + "; this broker has aclEnable=true, so clients"
                        + " must sign with an access key and secret key (RocketMQ's AclClientRPCHook, FerryMQ's"
                        + " ClientConfig.setCredentials)");
            }
            String secretKey = users.secretKeyOf(accessKey);
            if (secretKey == null) {
                return refuse(channel, request, "FMQ-BROKER-302 authentication failed: unknown access key '"
                        + echo(accessKey) + "'");
            }
            if (!AclSignature.matches(request, secretKey)) {
                return refuse(channel, request, "FMQ-BROKER-303 authentication failed: the signature does not match"
                        + " access key '" + echo(accessKey) + "' (wrong secret key?)");
            }
            return null;
        } catch (RuntimeException e) {
            // Fail closed: a request that cannot be checked is not served.
            LOG.warn("FMQ-BROKER-304 refused request {} from {}: checking its credentials failed: {}", request.code(),
                    channel.remoteAddressText(), e.toString());
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "FMQ-BROKER-304 authentication failed: the request's credentials could not be checked");
        }
    }

    private static RemotingCommand refuse(RemotingChannel channel, RemotingCommand request, String reason) {
        LOG.info("{} (request {} from {})", reason, request.code(), channel.remoteAddressText());
        return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, reason);
    }

    private static String echo(String accessKey) {
        String shown = accessKey.length() > MAX_ECHOED_KEY ? accessKey.substring(0, MAX_ECHOED_KEY) + "..." : accessKey;
        StringBuilder sb = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }
}
