package io.ferrymq.jms;

import io.ferrymq.jms.jndi.FerryObjectFactory;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Hashtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Xids on the wire, the XA error names brokers send, and the XA factory through JNDI and serialisation. */
class FerryXidTest {
    private static Xid xid(int format, byte[] gtrid, byte[] bqual) {
        return new Xid() {
            @Override
            public int getFormatId() {
                return format;
            }

            @Override
            public byte[] getGlobalTransactionId() {
                return gtrid;
            }

            @Override
            public byte[] getBranchQualifier() {
                return bqual;
            }
        };
    }

    @Test
    void anXidTravelsAsFormatAndHexAndComesBackEqual() throws Exception {
        Xid original = xid(-7, new byte[] {0, 1, (byte) 0xff}, new byte[0]);
        String text = XaBranches.text(original);
        assertThat(text).isEqualTo("-7:0001ff:");
        FerryXid back = FerryXid.parse(text);
        assertThat(back.getFormatId()).isEqualTo(-7);
        assertThat(back.getGlobalTransactionId()).containsExactly(0, 1, 0xff);
        assertThat(back.getBranchQualifier()).isEmpty();
        assertThat(back).isEqualTo(FerryXid.parse(text)).hasSameHashCodeAs(FerryXid.parse(text));
        assertThatThrownBy(() -> FerryXid.parse("1:zz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void xidsOutsideTheXaLimitsAreInvalid() {
        assertThatThrownBy(() -> XaBranches.text(xid(1, new byte[0], new byte[0])))
                .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_INVAL));
        assertThatThrownBy(() -> XaBranches.text(xid(1, new byte[65], new byte[0])))
                .isInstanceOfSatisfying(XAException.class, e -> assertThat(e.errorCode).isEqualTo(XAException.XAER_INVAL));
        assertThatThrownBy(() -> XaBranches.text(null)).isInstanceOf(XAException.class);
    }

    @Test
    void brokersNameXaCodesThatMapToTheXaExceptionConstants() {
        assertThat(XaBranches.code("XAER_NOTA")).isEqualTo(XAException.XAER_NOTA);
        assertThat(XaBranches.code("XA_HEURRB")).isEqualTo(XAException.XA_HEURRB);
        assertThat(XaBranches.code("XA_RBROLLBACK")).isEqualTo(XAException.XA_RBROLLBACK);
        assertThat(XaBranches.code("NO_SUCH_CODE")).isEqualTo(XAException.XAER_RMERR);
    }

    @Test
    void theXaFactoryComesBackFromJndiAndSerialisationAsAnXaFactory() throws Exception {
        FerryXAConnectionFactory f = new FerryXAConnectionFactory("ferrymq://ns1:9876?prefetchSize=3");
        Object fromJndi = new FerryObjectFactory().getObjectInstance(f.getReference(), null, null, new Hashtable<>());
        assertThat(fromJndi).isInstanceOf(FerryXAConnectionFactory.class);
        assertThat(((FerryXAConnectionFactory) fromJndi).getConfig()).isEqualTo(f.getConfig());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(f);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Object back = in.readObject();
            assertThat(back).isInstanceOf(FerryXAConnectionFactory.class);
            assertThat(((FerryXAConnectionFactory) back).getNamesrvAddr()).isEqualTo("ns1:9876");
        }
    }
}
