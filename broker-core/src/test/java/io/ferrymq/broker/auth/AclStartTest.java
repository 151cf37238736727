package io.ferrymq.broker.auth;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.common.config.ConfigException;
import io.ferrymq.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

/** A broker with aclEnable=true and no usable users file refuses to start, before it opens its store or its port. */
class AclStartTest {
    @TempDir
    Path dir;

    @Test
    void aMissingUsersFileStopsTheStartBeforeTheStoreOpens() {
        Path root = dir.resolve("broker-a");
        BrokerController broker = new BrokerController(
                new BrokerConfig().setAclEnable(true).setAclFile(dir.resolve("nowhere/users.properties").toString())
                        .setListenPort(0).setBindAddress("127.0.0.1").setBrokerIP1("127.0.0.1"),
                new StoreConfig().setStorePathRootDir(root.toString()).setMappedFileSizeCommitLog(1024 * 1024));
        assertThatThrownBy(broker::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining("FMQ-BROKER-307").hasMessageContaining("nowhere/users.properties");
        assertThat(Files.exists(root.resolve("commitlog"))).isFalse();
    }
}
