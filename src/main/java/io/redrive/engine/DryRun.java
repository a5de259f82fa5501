package io.redrive.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a bulk operation would do, computed without changing anything. The dead letters it counted are kept
 * until {@code expiresAt}, so the confirmed operation acts on exactly them.
 *
 * @param count       how many dead letters it would act on now
 * @param sample      the first few of them
 * @param destination where they would go ("their own queue", "queue X", "the trash", ...)
 * @param estimated   how long it would take at the chosen rate (or at the engine's usual pace without one)
 * @param previewId   the kept set, for {@link DeadLetters#replay(String, ReplayOptions)}, {@link DeadLetters#purge(String, double, Actor)}
 *                    and {@link DeadLetters#restore(String, Actor)}
 * @param expiresAt   until when the set is kept
 */
public record DryRun(String operation, String target, long count, List<DeadLetter> sample, String destination,
                     Duration estimated, String previewId, Instant expiresAt) {
}
