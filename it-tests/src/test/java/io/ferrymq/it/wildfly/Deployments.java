package io.ferrymq.it.wildfly;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.util.List;

/**
 * The archives the WildFly tests deploy: the adapter's built .rar with a test-only {@code META-INF/ironjacamar.xml}
 * (where the cluster is, the pooled XA connection factory with recovery, admin objects), and web applications. The
 * XA datasource {@link #DATASOURCE} is in the server's configuration ({@link WildFlySuite}). Called by the tests' {@code @Deployment} methods, in the test JVM.
 */
final class Deployments {
    /** The RAR's deployment name: MDBs name it in {@code @ResourceAdapter}, so it must not carry the version. */
    static final String RAR = "ferrymq.rar";
    static final String CONNECTION_FACTORY = "java:/jms/FerryCF";
    static final String DATASOURCE = "java:/jdbc/FerryItXA";
    /** User of the connection definition's recovery (the test broker has no ACL: any user is accepted). */
    static final String RECOVERY_USER = "recovery";

    private Deployments() {
    }

    /** The adapter as built by jca-adapter ({@code ferrymq.jca.rar}), configured for the suite's cluster. */
    static ResourceAdapterArchive adapter(List<String> queues, List<String> topics) {
        String path = System.getProperty("ferrymq.jca.rar");
        File rar = path == null ? null : new File(path);
        if (rar == null || !rar.isFile()) {
            throw new IllegalStateException("no resource adapter at ferrymq.jca.rar=" + path
                    + " (build the reactor: mvn verify -pl it-tests -am)");
        }
        ResourceAdapterArchive built = ShrinkWrap.createFromZipFile(ResourceAdapterArchive.class, rar);
        return ShrinkWrap.create(ResourceAdapterArchive.class, RAR).merge(built)
                .addAsManifestResource(new StringAsset(ironjacamarXml(queues, topics)), "ironjacamar.xml");
    }

    private static String ironjacamarXml(List<String> queues, List<String> topics) {
        StringBuilder admin = new StringBuilder();
        for (String q : queues) {
            admin.append(adminObject("FerryAdminQueue", "java:/jms/queue/" + q, q));
        }
        for (String t : topics) {
            admin.append(adminObject("FerryAdminTopic", "java:/jms/topic/" + t, t));
        }
        return """
                <ironjacamar xmlns="http://www.ironjacamar.org/doc/schema">
                  <config-property name="NamesrvAddr">%s</config-property>
                  <transaction-support>XATransaction</transaction-support>
                  <connection-definitions>
                    <connection-definition class-name="io.ferrymq.jca.outbound.FerryManagedConnectionFactory"
                                           jndi-name="%s" pool-name="FerryCF">
                      <xa-pool>
                        <min-pool-size>0</min-pool-size>
                        <max-pool-size>20</max-pool-size>
                      </xa-pool>
                      <recovery>
                        <recover-credential>
                          <user-name>%s</user-name>
                          <password>%s</password>
                        </recover-credential>
                        <!-- No recover-plugin: IronJacamar's default one checks the recovery connection through
                             FerryConnectionHandle.isValid(int) and keeps it. -->
                      </recovery>
                    </connection-definition>
                  </connection-definitions>
                  <admin-objects>
                %s  </admin-objects>
                </ironjacamar>
                """.formatted(WildFlySuite.get().namesrvAddr(), CONNECTION_FACTORY, RECOVERY_USER, RECOVERY_USER,
                admin);
    }

    private static String adminObject(String simpleClass, String jndi, String name) {
        return """
                    <admin-object class-name="io.ferrymq.jca.outbound.%s" jndi-name="%s" pool-name="%s">
                      <config-property name="Name">%s</config-property>
                    </admin-object>
                """.formatted(simpleClass, jndi, jndi.substring(jndi.lastIndexOf('/') + 1), name);
    }

    /** A web application with the given classes and extra manifest {@code Dependencies} (WildFly modules). */
    static WebArchive webApp(String name, String moduleDependencies, Class<?>... classes) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war").addClasses(classes);
        if (moduleDependencies != null) {
            war.addAsManifestResource(new StringAsset("Manifest-Version: 1.0\nDependencies: " + moduleDependencies
                    + "\n"), "MANIFEST.MF");
        }
        return war;
    }
}
