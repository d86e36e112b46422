package io.tributary.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void defaultsMeasureArtemisThenTributaryOnEveryWorkload() {
        LoadOptions options = LoadOptions.parse();

        assertEquals(List.of("artemis", "tributary"),
                options.brokers().stream().map(LoadOptions.Target::label).toList());
        assertEquals(7, options.selectedWorkloads().size());
        assertEquals(Duration.ofSeconds(15), options.limits().duration());
    }

    @Test
    void theSameBrokerTwiceGetsTwoLabels() {
        LoadOptions options = LoadOptions.parse("--brokers", "artemis,artemis");

        assertEquals(List.of("artemis", "artemis-2"),
                options.brokers().stream().map(LoadOptions.Target::label).toList());
    }

    @Test
    void artemisWithoutDatasyncIsArtemisToldSo() {
        LoadOptions.Target target = LoadOptions.parse("--brokers", "artemis-nosync,tributary").brokers().get(0);

        assertEquals(ArtemisReferenceBroker.class.getName(), target.mainClass());
        assertEquals(List.of("--no-datasync"), target.args());
    }

    @Test
    void tributaryVariantsAddMetricsScrapingPermissionsOrBoth() {
        List<LoadOptions.Target> targets = LoadOptions.parse("--brokers",
                "tributary,tributary-metrics,tributary-permissions,tributary-secured").brokers();

        assertEquals(List.of(List.of(), List.of("--metrics"), List.of("--permissions"), List.of("--metrics",
                "--permissions")), targets.stream().map(LoadOptions.Target::args).toList());
        assertEquals(List.of(false, false, true, true), targets.stream().map(LoadOptions.Target::logsIn).toList());
        assertTrue(targets.stream().allMatch(t -> t.mainClass().equals(TributaryBrokerProcess.class.getName())));
    }

    @Test
    void aRunningBrokerOnLoopbackIsAccepted() {
        LoadOptions options = LoadOptions.parse("--brokers", "mine=amqp://127.0.0.1:5672,other=amqp://localhost:5673");

        assertEquals("amqp://127.0.0.1:5672", options.brokers().get(0).url());
        assertEquals("other", options.brokers().get(1).label());
    }

    @Test
    void aBrokerOffThisMachineIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse("--brokers", "far=amqp://10.1.2.3:5672"));

        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    }

    @Test
    void theLatencyRateNamesItsWorkload() {
        LoadOptions options = LoadOptions.parse("--rate", "500", "--workloads", "latency-500/s");

        WorkloadSpec only = options.selectedWorkloads().get(0);
        assertEquals(500, only.ratePerSecond());
        assertEquals(1, options.selectedWorkloads().size());
    }

    @Test
    void badValuesSayWhichOptionAndWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--duration", "zero"))
                .getMessage().contains("--duration"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--duration"))
                .getMessage().contains("needs a value"));
        LoadOptions unknownWorkload = LoadOptions.parse("--workloads", "nope");
        assertTrue(assertThrows(IllegalArgumentException.class, unknownWorkload::selectedWorkloads)
                .getMessage().contains("durable-queue-1p"));
    }
}
