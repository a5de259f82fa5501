/**
 * Deliberate violations of the architecture rules, one class per broken rule, so that {@code ArchitectureTest} can show
 * each rule fails when broken. The sub-packages mirror Redrive's ({@code engine}, {@code cache}, {@code redis},
 * {@code cli}, {@code console}, {@code ops}, {@code bench}). Nothing here is used by anything else.
 */
package io.redrive.archfixture;
