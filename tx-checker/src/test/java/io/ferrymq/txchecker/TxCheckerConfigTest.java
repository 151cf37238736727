package io.ferrymq.txchecker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.common.config.ConfigException;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TxCheckerConfigTest {

    @Test
    void defaultsAreValid() {
        TxCheckerConfig c = new TxCheckerConfig().validate();
        assertThat(c.getJdbcUrl()).startsWith("jdbc:h2:file:").contains("AUTO_SERVER=TRUE");
        assertThat(c.getTableName()).isEqualTo("ferrymq_tx_log");
        assertThat(c.getMaxPoolSize()).isEqualTo(4);
        assertThat(c.getConnectionTimeoutMillis()).isEqualTo(3_000);
        assertThat(c.getGraceMillis()).isEqualTo(60_000);
        assertThat(c.getRetentionHours()).isEqualTo(168);
    }

    @Test
    void bindsPropertiesAndReportsUnknownKeys() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:h2:mem:x");
        p.setProperty("tableName", "my_log");
        p.setProperty("graceMillis", "120000");
        p.setProperty("maxPoolSize", "2");
        p.setProperty("createTable", "false");
        p.setProperty("namesrvAddr", "127.0.0.1:9876");
        TxCheckerConfig c = new TxCheckerConfig();
        assertThat(c.bind(p)).containsExactly("namesrvAddr");
        assertThat(c.getJdbcUrl()).isEqualTo("jdbc:h2:mem:x");
        assertThat(c.getTableName()).isEqualTo("my_log");
        assertThat(c.getGraceMillis()).isEqualTo(120_000);
        assertThat(c.getMaxPoolSize()).isEqualTo(2);
        assertThat(c.isCreateTable()).isFalse();
        assertThat(TxCheckerConfig.fromProperties(p).getTableName()).isEqualTo("my_log");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKey() {
        Properties p = new Properties();
        p.setProperty("maxPoolSize", "many");
        assertThatThrownBy(() -> TxCheckerConfig.fromProperties(p))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maxPoolSize").hasMessageContaining("many");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "tx-log", "tx log", "log;DROP TABLE orders", "log--", "public.txlog",
            "t\"x", "tx_log)", "ä_log",
            "a_name_that_is_far_too_long_for_a_transaction_log_x"})
    void tableNamesOtherThanPlainIdentifiersAreRefused(String name) {
        assertThatThrownBy(() -> new TxCheckerConfig().setTableName(name).validate())
                .isInstanceOf(ConfigException.class).hasMessageContaining("FMQ-TXC-001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ferrymq_tx_log", "TXLOG", "_log2", "a"})
    void plainIdentifiersAreAccepted(String name) {
        new TxCheckerConfig().setTableName(name).validate();
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheirKey() {
        assertThatThrownBy(() -> new TxCheckerConfig().setMaxPoolSize(0).validate())
                .hasMessageContaining("FMQ-TXC-002 maxPoolSize");
        assertThatThrownBy(() -> new TxCheckerConfig().setConnectionTimeoutMillis(100).validate())
                .hasMessageContaining("FMQ-TXC-002 connectionTimeoutMillis");
        assertThatThrownBy(() -> new TxCheckerConfig().setGraceMillis(0).validate())
                .hasMessageContaining("FMQ-TXC-002 graceMillis");
        assertThatThrownBy(() -> new TxCheckerConfig().setJdbcUrl("h2:mem:x").validate())
                .hasMessageContaining("FMQ-TXC-003");
        assertThatThrownBy(() -> new TxCheckerConfig().setRetentionHours(1).setGraceMillis(3_600_000).validate())
                .hasMessageContaining("FMQ-TXC-004");
    }

    @Test
    void anUnknownDriverFailsTheStartWithAClearError() {
        assertThatThrownBy(() -> TxChecker.start(new TxCheckerConfig().setJdbcUrl("jdbc:nosuchdb://x/y")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FMQ-TXC-006");
    }

    @Test
    void passwordsStayOutOfLogLines() {
        TxCheckerConfig c = new TxCheckerConfig().setJdbcPassword("s3cret")
                .setJdbcUrl("jdbc:postgresql://db/app?user=app&password=hunter2&ssl=true");
        assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("hunter2").contains("password=****&ssl");
    }

    @Test
    void h2FileLocationIsSpelledOutForOperators() {
        assertThat(TxChecker.h2FileNote("jdbc:h2:file:/var/ferrymq/txlog;AUTO_SERVER=TRUE"))
                .isEqualTo(" (H2 file /var/ferrymq/txlog.mv.db)");
        assertThat(TxChecker.h2FileNote("jdbc:h2:./data/txlog")).contains("/data/txlog.mv.db").startsWith(" (H2 file /");
        assertThat(TxChecker.h2FileNote("jdbc:h2:tcp://localhost:9092/txlog")).isEmpty();
        assertThat(TxChecker.h2FileNote("jdbc:h2:mem:x")).isEmpty();
        assertThat(TxChecker.h2FileNote("jdbc:postgresql://db/app")).isEmpty();
    }
}
