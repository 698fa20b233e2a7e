/**
 * The conventions of the real counting tools, one per pinned version: what torchinfo 1.8.0, thop 0.1.1 and
 * ptflops 0.7.5 (pytorch and aten backends) and 0.7.2.2 (pytorch backend) report for a model, quirks included,
 * each quirk a named {@link org.flopcheck.convention.Rule} with the tool's source file and function. They are
 * checked against every reading of the golden corpus in {@code reference-cases}.
 */
package org.flopcheck.tools;
