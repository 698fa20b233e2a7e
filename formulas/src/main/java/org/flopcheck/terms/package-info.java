/**
 * What a layer does, as named terms, and what it stores, as named tensors.
 *
 * <p>A {@link org.flopcheck.terms.Term} is one kind of scalar operation a layer performs ("weight
 * multiplications", "bias additions", "tanh evaluations"), with the closed form that counts it. A
 * {@link org.flopcheck.terms.Parameter} is one tensor the layer owns, a trainable parameter or a buffer.
 * Conventions ({@link org.flopcheck.convention}) choose and weight the terms.
 */
package org.flopcheck.terms;
