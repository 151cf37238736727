package io.ferrymq.broker.auth;

import io.ferrymq.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserStoreTest {
    @TempDir
    Path dir;

    @Test
    void readsAccessKeyEqualsSecretKeyLinesWithCommentsAndBlanks() throws Exception {
        Path file = Files.writeString(dir.resolve("users.properties"),
                "# users\n\nalice = s3cret \nbob=pa=ss:word\n  carol:x\n");
        UserStore users = new UserStore(file);
        users.load();
        assertThat(users.secretKeyOf("alice")).isEqualTo("s3cret");
        assertThat(users.secretKeyOf("bob")).isEqualTo("pa=ss:word");
        assertThat(users.secretKeyOf("carol")).isEqualTo("x");
        assertThat(users.secretKeyOf("mallory")).isNull();
    }

    @Test
    void aMissingFileOrAUserWithoutSecretStopsTheLoadWithoutPrintingSecrets() throws Exception {
        assertThatThrownBy(() -> new UserStore(dir.resolve("none.properties")).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("FMQ-BROKER-307").hasMessageContaining("aclFile");

        Path noSecret = Files.writeString(dir.resolve("a.properties"), "alice=topsecret\nbob=\n");
        assertThatThrownBy(() -> new UserStore(noSecret).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("no secret key for 'bob'")
                .hasMessageNotContaining("topsecret");

        Path badEscape = Files.writeString(dir.resolve("b.properties"), "alice=top\\uZZZZsecret\n");
        assertThatThrownBy(() -> new UserStore(badEscape).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("FMQ-BROKER-307")
                .hasMessageNotContaining("top");
    }

    @Test
    void reloadsWhenTheContentChangesAndKeepsTheOldUsersWhenTheNewFileIsBroken() throws Exception {
        Path file = Files.writeString(dir.resolve("users.properties"), "alice=one\n");
        UserStore users = new UserStore(file);
        users.load();

        Files.writeString(file, "alice=two\nbob=three\n");
        users.reloadIfChanged();
        assertThat(users.secretKeyOf("alice")).isEqualTo("two");
        assertThat(users.secretKeyOf("bob")).isEqualTo("three");

        Files.writeString(file, "alice=two\nbob=\n");
        users.reloadIfChanged();
        assertThat(users.secretKeyOf("bob")).isEqualTo("three");

        Files.delete(file);
        users.reloadIfChanged();
        assertThat(users.secretKeyOf("alice")).isEqualTo("two");

        Files.writeString(file, "carol=four\n");
        users.reloadIfChanged();
        assertThat(users.secretKeyOf("alice")).isNull();
        assertThat(users.secretKeyOf("carol")).isEqualTo("four");
    }

    @Test
    void theDefaultFileIsConfUsersPropertiesBesideTheStoreRoot() {
        assertThat(UserStore.fileOf(null, dir.resolve("broker-a")))
                .isEqualTo(dir.toAbsolutePath().resolve("conf/users.properties"));
        assertThat(UserStore.fileOf(" ", dir.resolve("broker-a")))
                .isEqualTo(dir.toAbsolutePath().resolve("conf/users.properties"));
        assertThat(UserStore.fileOf("/etc/ferrymq/users.properties", dir)).isEqualTo(Path.of("/etc/ferrymq/users.properties"));
    }
}
