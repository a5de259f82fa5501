package io.redrive.engine;

import java.time.Instant;
import java.util.Map;

/**
 * One version of an edited message's content. Version 0 is what was enqueued; {@code by}, {@code at} and
 * {@code why} say who made this version, when and why ("original" for version 0).
 */
public record MessageVersion(int version, byte[] payload, Map<String, String> headers, String by, Instant at, String why) {
}
