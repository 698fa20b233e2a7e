/**
 * The golden corpus: what torchinfo, thop and ptflops printed for each declared case, read strictly from
 * {@code reference-cases/cases/*.json} (format {@code flopcheck-golden/1}, documented in
 * {@code reference-cases/README.md}). Every refusal names the file and the JSON path of the offending field.
 */
package org.flopcheck.golden;
