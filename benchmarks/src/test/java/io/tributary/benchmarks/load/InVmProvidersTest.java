package io.tributary.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each in-process provider of {@link InVmJmsBenchmark} carries a small persistent and non-persistent workload. */
@Timeout(60)
class InVmProvidersTest {

    private static final RunLimits THREE_HUNDRED = new RunLimits(Duration.ofSeconds(30), 300, 100,
            Duration.ofSeconds(10));

    @Test
    void tributaryVmProviderOnH2DeliversEverything() throws Exception {
        assertDeliversEverything(new InVmJmsBenchmark.TributaryInVm());
    }

    @Test
    void artemisVmProviderWithoutDatasyncDeliversEverything() throws Exception {
        assertDeliversEverything(new InVmJmsBenchmark.ArtemisInVm(false));
    }

    private static void assertDeliversEverything(InVmJmsBenchmark.Provider provider) throws Exception {
        ConnectionFactory factory = provider.open();
        try {
            for (WorkloadSpec spec : WorkloadSpec.inVmStandard()) {
                WorkloadResult result = new WorkloadRunner(factory, spec, THREE_HUNDRED, () -> Double.NaN)
                        .run("test." + spec.name());

                assertNull(result.error(), provider.label() + " " + spec.name());
                assertEquals(300, result.received(), provider.label() + " " + spec.name());
            }
        } finally {
            provider.close();
        }
    }
}
