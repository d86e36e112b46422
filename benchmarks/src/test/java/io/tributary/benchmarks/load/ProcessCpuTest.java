package io.tributary.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void addsUserAndSystemTicksCountedAfterTheCommandName() {
        String line = "4242 (java) S 1 4242 4242 0 -1 4194560 9000 0 3 0 1234 567 0 0 20 0 40 0 100 0 0";

        assertEquals(1234 + 567, ProcessCpu.ticksOf(line));
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String line = "7 (odd) name (x)) R 1 7 7 0 -1 0 0 0 0 0 10 20 0 0 20 0 1 0 100 0 0";

        assertEquals(30, ProcessCpu.ticksOf(line));
    }

    @Test
    void aTruncatedLineIsRefusedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProcessCpu.ticksOf("1 (java) S 1 2 3"));

        assertTrue(e.getMessage().contains("fields"), e.getMessage());
    }

    @Test
    void theCurrentProcessHasUsedSomeCpu() {
        double seconds = ProcessCpu.cpuSeconds(ProcessHandle.current().pid());

        assertTrue(seconds > 0, "cpu seconds " + seconds);
    }
}
