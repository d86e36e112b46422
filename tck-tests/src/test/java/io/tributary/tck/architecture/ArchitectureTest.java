package io.tributary.tck.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The import rules of docs/ARCHITECTURE.md ("Import rules"), checked on the production classes of every module.
 * Here because tck-tests has every module on its class path (message, core, amqp-endpoint, jms-provider, broker);
 * benchmarks, which depends on all of them and which nothing depends on, is the one module not read, and the rules
 * allow it everything anyway.
 */
@AnalyzeClasses(packages = "io.tributary", importOptions = ArchitectureTest.ProductionClasses.class)
class ArchitectureTest {

    /** Leaves out test classes: this module's and those of the other modules' test-jars. */
    public static final class ProductionClasses implements ImportOption {
        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.matches(TEST_JAR);
        }
    }

    private static final String MESSAGE = "io.tributary.core.message..";
    private static final String CORE = "io.tributary.core..";
    private static final String AMQP_SERVER = "io.tributary.amqp..";
    private static final String JMS_PROVIDER = "io.tributary.jms..";
    private static final String LAUNCHER = "io.tributary.broker..";
    private static final String BENCHMARKS = "io.tributary.benchmarks..";
    private static final String JMS_API = "jakarta.jms..";
    private static final String QPID_JMS = "org.apache.qpid.jms..";
    private static final String NETTY = "io.netty..";
    private static final String[] PROTON_PROTOCOL = {"org.apache.qpid.proton.engine..",
        "org.apache.qpid.proton.framing..", "org.apache.qpid.proton.reactor..", "org.apache.qpid.proton.messenger..",
        "org.apache.qpid.proton.driver..", "org.apache.qpid.proton.amqp.transport..",
        "org.apache.qpid.proton.amqp.security.."};

    @ArchTest
    static void everyModuleIsRead(JavaClasses classes) {
        for (String name : List.of("io.tributary.core.message.Message", "io.tributary.core.Broker",
                "io.tributary.amqp.AmqpServer", "io.tributary.jms.TributaryConnectionFactory",
                "io.tributary.broker.Main")) {
            assertTrue(classes.contain(name), name + " was not read; the rules would check nothing");
        }
    }

    @ArchTest
    static final ArchRule theMessagePackageUsesOnlyProtonJsCodec = classes().that().resideInAPackage(MESSAGE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(MESSAGE, "java..",
                    "org.apache.qpid.proton.amqp", "org.apache.qpid.proton.amqp.messaging",
                    "org.apache.qpid.proton.codec..", "org.apache.qpid.proton.message..", "org.slf4j..")
            .because("tributary-message is shared by the engine, the AMQP endpoint and the JMS provider's remote path,"
                    + " and depends on Proton-J only");

    @ArchTest
    static final ArchRule theCoreKnowsNoProtocolServer = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(AMQP_SERVER, NETTY)
            .orShould().dependOnClassesThat().resideInAnyPackage(PROTON_PROTOCOL)
            .because("protocol layers reach the engine through the broker-session API, never the reverse");

    @ArchTest
    static final ArchRule theCoreKnowsNoJms = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(JMS_PROVIDER, JMS_API, QPID_JMS)
            .because("JMS is one protocol layer over the engine");

    @ArchTest
    static final ArchRule theCoreKnowsNoLauncher = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAPackage(LAUNCHER)
            .because("the engine is embedded by the vm:// provider and tests without the launcher");

    @ArchTest
    static final ArchRule theAmqpServerDoesNotUseTheClientApi = noClasses().that().resideInAPackage(AMQP_SERVER)
            .should().dependOnClassesThat().resideInAnyPackage(JMS_PROVIDER, JMS_API, QPID_JMS)
            .because("the AMQP server maps AMQP to the engine itself (the AMQP JMS Mapping names are in"
                    + " io.tributary.core.message)");

    @ArchTest
    static final ArchRule theJmsProviderDoesNotUseTheAmqpServer = noClasses().that().resideInAPackage(JMS_PROVIDER)
            .should().dependOnClassesThat().resideInAnyPackage(AMQP_SERVER, NETTY)
            .because("remote URLs are Qpid JMS's; vm:// drives the engine directly");

    @ArchTest
    static final ArchRule onlyQpidJmsNamesQpidJmsTypes = noClasses().that().resideInAPackage(JMS_PROVIDER)
            .and().doNotHaveFullyQualifiedName("io.tributary.jms.QpidJms")
            .should().dependOnClassesThat().resideInAPackage(QPID_JMS)
            .because("qpid-jms-client is optional: the vm:// path must load none of it");

    @ArchTest
    static final ArchRule nothingButBenchmarksUsesTheLauncher = noClasses()
            .that().resideOutsideOfPackages(LAUNCHER, BENCHMARKS)
            .should().dependOnClassesThat().resideInAPackage(LAUNCHER)
            .because("the launcher (CLI, config file, process) is the top of the stack");
}
