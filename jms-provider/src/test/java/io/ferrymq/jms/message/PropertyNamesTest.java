package io.ferrymq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Property names (spec 3.5.1, selector identifiers 3.8.1.1, JMSX names 3.5.9). */
class PropertyNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "orderId", "_x", "$dollar", "x1", "ünïcödé", "名前", "NULLABLE", "Island", "JMX",
        "jmsLowercase", "\uD835\uDC00math"})
    void selectorIdentifiersAreAccepted(String name) throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setIntProperty(name, 1);
        assertThat(m.getIntProperty(name)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "a-b", "a.b", "a b", "a:b", "é-", "with\u0001control", "x\u0000", "bad\uD800"})
    void nonIdentifiersAreRefused(String name) {
        assertThatThrownBy(() -> new FerryMessage().setStringProperty(name, "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FMQ-JMS-201");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE",
        "null", "True", "between", "Escape"})
    void selectorWordsAreRefusedInAnyCase(String name) {
        assertThatThrownBy(() -> new FerryMessage().setBooleanProperty(name, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a selector identifier");
    }

    @Test
    void nullAndEmptyNamesAreRefused() {
        assertThatThrownBy(() -> new FerryMessage().setStringProperty(null, "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FerryMessage().setObjectProperty("", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSType", "JMSXDeliveryCount", "JMSXUserID", "JMSXAppID", "JMS_FerryMQ_Tag", "JMSfoo",
        "JMS_FMQ_Types"})
    void namesStartingWithJmsAreReservedExceptTheGroupProperties(String name) {
        assertThatThrownBy(() -> new FerryMessage().setStringProperty(name, "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FMQ-JMS-202");
    }

    @Test
    void groupPropertiesMayBeSetWithTheirSpecTypes() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setStringProperty(PropertyNames.JMSX_GROUP_ID, "customer-42");
        m.setIntProperty(PropertyNames.JMSX_GROUP_SEQ, 3);
        assertThat(m.getStringProperty("JMSXGroupID")).isEqualTo("customer-42");
        assertThat(m.getIntProperty("JMSXGroupSeq")).isEqualTo(3);
        assertThatThrownBy(() -> m.setIntProperty("JMSXGroupID", 1)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.setStringProperty("JMSXGroupSeq", "1")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.setLongProperty("JMSXGroupSeq", 1L)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void theProviderSetsDeliveryCountAndUserId() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.makeReadOnly();
        m.setJMSXDeliveryCount(2);
        m.setJMSXUserID("alice");
        assertThat(m.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(m.getStringProperty("JMSXUserID")).isEqualTo("alice");
        m.setJMSXUserID(null);
        assertThat(m.propertyExists("JMSXUserID")).isFalse();
        assertThat(PropertyNames.SUPPORTED_JMSX).contains("JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount");
    }

    @Test
    void readingWithAnyNameIsHarmless() throws JMSException {
        FerryMessage m = new FerryMessage();
        assertThat(m.getStringProperty("not a name")).isNull();
        assertThat(m.propertyExists(null)).isFalse();
        assertThat(m.getObjectProperty("")).isNull();
    }
}
