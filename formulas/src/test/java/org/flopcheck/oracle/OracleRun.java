package org.flopcheck.oracle;

import org.flopcheck.shape.Shape;

/**
 * What an oracle counted while it executed a layer loop by loop: the output shape it produced, every scalar
 * operation by kind, and the most input values one window read (0 for layers without windows).
 */
public record OracleRun(Shape output, OpCounter ops, long widestWindow) {
}
