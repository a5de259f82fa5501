package io.redrive.engine;

import java.time.Duration;
import java.util.List;

/**
 * What a bulk operation would do, computed without changing anything.
 *
 * @param count       how many dead letters it would act on now
 * @param sample      the first few of them
 * @param destination where they would go ("their own queue", "queue X", "the trash", ...)
 * @param estimated   how long it would take at the chosen rate (or at the engine's usual pace without one)
 */
public record DryRun(String operation, String target, long count, List<DeadLetter> sample, String destination,
                     Duration estimated) {
}
