/**
 * The {@code flopcheck} command line (picocli): {@code count}, {@code compare}, {@code verify} and
 * {@code conventions}. Exit codes: 0 success, 1 a verification mismatch, 2 bad input (one line on stderr naming
 * the file, the place and what is allowed), 3 an internal error.
 */
package org.flopcheck.cli;
