package io.ferrymq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Property values as objects, iteration and clearing (spec 3.5.5–3.5.7). */
class PropertiesTest {

    @Test
    void setObjectPropertyTakesOnlyThePropertyTypes() throws JMSException {
        FerryMessage m = new FerryMessage();
        for (Object ok : new Object[] {true, (byte) 1, (short) 2, 3, 4L, 5f, 6d, "s", null}) {
            m.setObjectProperty("p", ok);
            assertThat(m.getObjectProperty("p")).isEqualTo(ok);
        }
        for (Object bad : new Object[] {'c', new byte[1], new Object(), List.of(), new java.math.BigDecimal("1")}) {
            assertThatThrownBy(() -> m.setObjectProperty("p", bad)).isInstanceOf(MessageFormatException.class)
                    .hasMessageContaining(bad.getClass().getName());
        }
    }

    @Test
    void propertyNamesEnumerateWhatIsSetIncludingNulls() throws JMSException {
        FerryMessage m = new FerryMessage();
        assertThat(Collections.list(m.getPropertyNames())).isEmpty();
        m.setIntProperty("a", 1);
        m.setStringProperty("b", null);
        m.setStringProperty("JMSXGroupID", "g");
        assertThat(Collections.list(m.getPropertyNames())).containsExactlyInAnyOrder("a", "b", "JMSXGroupID");
        assertThat(m.propertyExists("a")).isTrue();
        assertThat(m.propertyExists("JMSType")).isFalse();
    }

    @Test
    void settingAgainReplacesTheValueAndItsType() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setIntProperty("p", 1);
        m.setStringProperty("p", "two");
        assertThat(m.getObjectProperty("p")).isEqualTo("two");
        assertThat(Collections.list(m.getPropertyNames())).containsExactly("p");
    }

    @Test
    void clearPropertiesRemovesAllButLeavesHeadersAndBody() throws JMSException {
        FerryTextMessage m = new FerryTextMessage("body");
        m.setJMSType("t");
        m.setIntProperty("a", 1);
        m.setJMSXDeliveryCount(1);
        m.clearProperties();
        assertThat(Collections.list(m.getPropertyNames())).isEmpty();
        assertThat(m.getJMSType()).isEqualTo("t");
        assertThat(m.getText()).isEqualTo("body");
    }

    @Test
    void theEnumerationIsASnapshot() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setIntProperty("a", 1);
        var names = m.getPropertyNames();
        m.setIntProperty("b", 2);
        assertThat(Collections.list(names)).containsExactly("a");
    }
}
