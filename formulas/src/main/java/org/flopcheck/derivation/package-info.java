/**
 * Derivations: the ordered steps a teacher writes on the board, built from the same expression objects that
 * compute the counts. A layer fills a {@link org.flopcheck.derivation.Worksheet} (givens, definitions, parameters,
 * terms); the worksheet evaluates each formula as it is written and records a
 * {@link org.flopcheck.derivation.Step} for it, so the derivation cannot disagree with the numbers.
 */
package org.flopcheck.derivation;
