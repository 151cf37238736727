package io.ferrymq.store;

import io.ferrymq.common.config.ConfigBinder;
import io.ferrymq.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed-style properties bind onto the store's typed config; unknown keys and bad values are reported. */
class StoreConfigTest {
    private static Properties load(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void bindsTheSeedsBrokerPropertiesAndReportsKeysItDoesNotKnow() throws Exception {
        Properties p = load("""
                brokerClusterName=rocketmq-cluster
                deleteWhen=04
                fileReservedTime=120
                storePathRootDir=/app/rocketmq/store
                storePathCommitLog=/app/rocketmq/store/commitlog
                storeCheckpoint=/app/rocketmq/store/checkpoint
                abortFile=/app/rocketmq/store/abort
                flushDiskType=SYNC_FLUSH
                flushDiskTyp=ASYNC_FLUSH
                """);
        StoreConfig config = new StoreConfig();
        Set<String> unknown = ConfigBinder.bind(p, config);
        assertThat(unknown).containsExactly("brokerClusterName", "flushDiskTyp");
        assertThat(config.getFileReservedTime()).isEqualTo(120);
        assertThat(config.getFlushDiskType()).isEqualTo(FlushDiskType.SYNC_FLUSH);
        assertThat(config.commitLogDir()).isEqualTo(Path.of("/app/rocketmq/store/commitlog"));
        assertThat(config.consumeQueueDir()).isEqualTo(Path.of("/app/rocketmq/store/consumequeue"));
        assertThat(config.abortFilePath()).isEqualTo(Path.of("/app/rocketmq/store/abort"));
    }

    @Test
    void defaultsMatchTheSeeds() {
        StoreConfig c = new StoreConfig();
        assertThat(c.getMappedFileSizeCommitLog()).isEqualTo(1 << 30);
        assertThat(c.getFlushDiskType()).isEqualTo(FlushDiskType.ASYNC_FLUSH);
        assertThat(c.getDeleteWhen()).isEqualTo("04");
        assertThat(c.getFileReservedTime()).isEqualTo(72);
        assertThat(c.getMaxMessageSize()).isEqualTo(4 * 1024 * 1024);
        assertThat(c.rootDir()).isEqualTo(Path.of(System.getProperty("user.home"), "store"));
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKeyAndWhatIsExpected() throws Exception {
        assertThatThrownBy(() -> ConfigBinder.bind(load("fileReservedTime=three days"), new StoreConfig()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("fileReservedTime").hasMessageContaining("int");
        assertThatThrownBy(() -> ConfigBinder.bind(load("flushDiskType=SOMETIMES"), new StoreConfig()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ASYNC_FLUSH, SYNC_FLUSH");
    }
}
