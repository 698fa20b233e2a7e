/**
 * Conventions: which operations count, and how much. A {@link org.flopcheck.convention.Convention} turns an
 * {@link org.flopcheck.layers.Analysis} into a {@link org.flopcheck.convention.Count}: a total and the named
 * contributions that make it up, so that the difference between two conventions is always a list of named terms.
 */
package org.flopcheck.convention;
