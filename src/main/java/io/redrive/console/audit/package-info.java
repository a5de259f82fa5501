/**
 * The Audit screen: the engine's {@link io.redrive.ops.AuditLog}, newest first, filtered by action, actor,
 * text and days, read a page at a time and exported to JSON Lines.
 */
package io.redrive.console.audit;
