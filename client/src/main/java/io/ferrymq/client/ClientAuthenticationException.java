package io.ferrymq.client;

/**
 * A broker refused this client's credentials: unknown access key, wrong secret key, or none given to a broker that
 * requires them ({@code aclEnable=true}). {@link #responseCode()} is the broker's answer, NO_PERMISSION (16) for
 * FerryMQ and RocketMQ 5; the message carries the broker's reason.
 */
public class ClientAuthenticationException extends ClientException {
    public ClientAuthenticationException(int responseCode, String message) {
        super(responseCode, message);
    }
}
