package io.ferrymq.client;

import io.ferrymq.client.impl.ClientInstance;

/**
 * Checks credentials against a cluster's brokers before anything else uses them (a JMS
 * {@code createConnection(user, password)}, for example). Stateless; safe from any thread.
 */
public final class CredentialsCheck {
    private CredentialsCheck() {
    }

    /**
     * Asks every broker the nameservers of {@code config} list whether it accepts {@code config}'s credentials
     * ({@link ClientConfig#setCredentials}; none given is checked too). Opens its own connections and closes them.
     *
     * @throws ClientAuthenticationException a broker refused the credentials
     * @throws ClientException no broker could answer (no nameserver, no broker registered, none reachable)
     * @see ClientInstance#verifyCredentials()
     */
    public static void verify(ClientConfig config) throws ClientException {
        ClientInstance client = new ClientInstance(config);
        try {
            client.verifyCredentials();
        } finally {
            client.shutdown();
        }
    }
}
