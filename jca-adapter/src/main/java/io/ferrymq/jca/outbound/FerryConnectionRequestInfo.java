package io.ferrymq.jca.outbound;

import jakarta.resource.spi.ConnectionRequestInfo;

import java.util.Objects;

/**
 * What an application asked for in {@code createConnection(user, password)}: the credentials a managed connection must
 * have been opened with to serve the request. {@code null} user means the factory's own (configured) credentials.
 * Immutable.
 */
final class FerryConnectionRequestInfo implements ConnectionRequestInfo {
    static final FerryConnectionRequestInfo DEFAULT = new FerryConnectionRequestInfo(null, null);

    private final String user;
    private final String password;

    FerryConnectionRequestInfo(String user, String password) {
        this.user = user;
        this.password = password;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FerryConnectionRequestInfo r && Objects.equals(user, r.user)
                && Objects.equals(password, r.password);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(user);
    }

    @Override
    public String toString() {
        return "FerryConnectionRequestInfo[" + (user == null ? "factory credentials" : "user " + user) + "]";
    }
}
