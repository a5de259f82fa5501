package io.redrive.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The command line in a child JVM that, when the command is done, prints on its last line how much heap it used at
 * most (the sum of each heap pool's peak: an upper bound of what was live at once).
 */
public final class HeapMeasuredMain {
    static final String PEAK = "peak heap bytes: ";

    private HeapMeasuredMain() {
    }

    public static void main(String[] args) {
        int code = Main.run(args);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(PEAK + peak);
        System.out.flush();
        System.exit(code);
    }
}
