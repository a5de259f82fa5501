/**
 * The Operations screen: recent bulk operations on dead letters from every console and command line on the
 * installation, and for each replay what became of its messages (succeeded, died again and why, still pending).
 */
package io.redrive.console.operations;
