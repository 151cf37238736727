package io.ferrymq.jca.outbound;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment descriptor names classes and properties that exist: a typo here only shows when a server deploys the
 * .rar, so check it where it is cheap. (The inbound activation spec belongs to the inbound package and is checked
 * once it exists.)
 */
class RaXmlTest {
    private static final String NS = "https://jakarta.ee/xml/ns/jakartaee";

    private static Document raXml() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new File("src/main/rar/META-INF/ra.xml"));
    }

    private static String text(Element parent, String child) {
        NodeList l = parent.getElementsByTagNameNS(NS, child);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    /** Each config-property directly under {@code owner}: a String JavaBean property of {@code beanClass}. */
    private static void assertProperties(Element owner, Class<?> beanClass) throws Exception {
        List<String> names = new ArrayList<>();
        for (Node n = owner.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "config-property".equals(e.getLocalName())) {
                names.add(text(e, "config-property-name"));
                assertThat(text(e, "config-property-type")).isEqualTo("java.lang.String");
            }
        }
        assertThat(names).isNotEmpty();
        for (String name : names) {
            String bean = Introspector.decapitalize(name);
            PropertyDescriptor pd = null;
            for (PropertyDescriptor d : Introspector.getBeanInfo(beanClass).getPropertyDescriptors()) {
                if (d.getName().equals(bean) || d.getName().equals(name)) {
                    pd = d;
                }
            }
            assertThat(pd).as(beanClass.getSimpleName() + " has property " + name).isNotNull();
            assertThat(pd.getWriteMethod()).as("setter of " + name).isNotNull();
            assertThat(pd.getPropertyType()).isEqualTo(String.class);
        }
    }

    @Test
    void everyClassAndPropertyTheDescriptorNamesExists() throws Exception {
        Document doc = raXml();
        assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("2.1");
        Element ra = (Element) doc.getElementsByTagNameNS(NS, "resourceadapter").item(0);
        Class<?> raClass = Class.forName(text(ra, "resourceadapter-class"));
        assertThat(raClass).isEqualTo(io.ferrymq.jca.FerryResourceAdapter.class);
        assertProperties(ra, raClass);

        Element cd = (Element) doc.getElementsByTagNameNS(NS, "connection-definition").item(0);
        Class<?> mcf = Class.forName(text(cd, "managedconnectionfactory-class"));
        assertProperties(cd, mcf);
        Class<?> cfInterface = Class.forName(text(cd, "connectionfactory-interface"));
        Class<?> cfImpl = Class.forName(text(cd, "connectionfactory-impl-class"));
        assertThat(cfInterface).isAssignableFrom(cfImpl);
        assertThat(jakarta.jms.QueueConnectionFactory.class).isAssignableFrom(cfImpl);
        assertThat(jakarta.jms.TopicConnectionFactory.class).isAssignableFrom(cfImpl);
        assertThat(jakarta.resource.Referenceable.class).isAssignableFrom(cfImpl);
        assertThat(java.io.Serializable.class).isAssignableFrom(cfImpl);
        assertThat(Class.forName(text(cd, "connection-interface")))
                .isAssignableFrom(Class.forName(text(cd, "connection-impl-class")));
        assertThat(text((Element) ra.getElementsByTagNameNS(NS, "outbound-resourceadapter").item(0),
                "transaction-support")).isEqualTo("XATransaction");

        Element listener = (Element) doc.getElementsByTagNameNS(NS, "messagelistener").item(0);
        assertThat(text(listener, "messagelistener-type")).isEqualTo("jakarta.jms.MessageListener");
        assertThat(text(listener, "activationspec-class")).isEqualTo("io.ferrymq.jca.inbound.FerryActivationSpec");
        assertThat(listener.getElementsByTagNameNS(NS, "required-config-property").getLength())
                .as("destinationLookup may replace destination; validate() names what is missing").isZero();
        Class<?> spec = Class.forName(text(listener, "activationspec-class"));
        assertThat(jakarta.resource.spi.ActivationSpec.class).isAssignableFrom(spec);

        NodeList admins = doc.getElementsByTagNameNS(NS, "adminobject");
        assertThat(admins.getLength()).isEqualTo(2);
        for (int i = 0; i < admins.getLength(); i++) {
            Element a = (Element) admins.item(i);
            Class<?> impl = Class.forName(text(a, "adminobject-class"));
            assertThat(Class.forName(text(a, "adminobject-interface"))).isAssignableFrom(impl);
            assertThat(impl.getConstructor().newInstance()).isNotNull();
            assertProperties(a, impl);
        }
    }

    @Test
    void adminObjectsAreBeansNamedByTheirProperty() {
        FerryAdminQueue q = new FerryAdminQueue();
        q.setName("orders");
        assertThat(q.getQueueName()).isEqualTo("orders");
        FerryAdminQueue same = new FerryAdminQueue();
        same.setName("orders");
        assertThat(q).isEqualTo(same).hasSameHashCodeAs(same).hasToString("queue://orders");
        FerryAdminTopic t = new FerryAdminTopic();
        t.setName("orders");
        assertThat((Object) t).isNotEqualTo(q);
        assertThat(t.getTopicName()).isEqualTo("orders");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FerryAdminQueue().setName(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FMQ-JCA-150");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FerryAdminTopic().getTopicName())
                .hasMessageContaining("FMQ-JCA-151");
    }
}
