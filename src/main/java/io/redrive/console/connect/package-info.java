/**
 * The connection manager: saved connection profiles ({@link io.redrive.console.connect.ConnectionProfile},
 * kept by {@link io.redrive.console.connect.ProfileStore} in {@code ~/.redrive/profiles.json}), their passwords in
 * the system keyring ({@link io.redrive.console.connect.SecretStore}) or asked for each time, and the dialog that
 * edits, tests and opens them.
 */
package io.redrive.console.connect;
