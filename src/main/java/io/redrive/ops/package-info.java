/**
 * Operations and their record, shared by the engine and the cache helper: who acts ({@link io.redrive.ops.Actor}),
 * the audit log of what operators did ({@link io.redrive.ops.AuditLog}, {@link io.redrive.ops.AuditEntry},
 * {@link io.redrive.ops.AuditQuery}), and the bulk runner that works through a large selection in chunks, paced,
 * pausable and cancellable ({@link io.redrive.ops.BulkOperation}, {@link io.redrive.ops.RateLimiter} on a
 * {@link io.redrive.ops.Ticker}). Depends only on {@code io.redrive.redis}; the engine and the cache depend on it.
 */
package io.redrive.ops;
