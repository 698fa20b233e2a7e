/**
 * The model catalogue shipped in the jar: named specs ({@code resnet50}, {@code kws}, {@code llama-2-7b}, ...)
 * stored as JSON resources beside this package, in the same spec format a user writes.
 */
package org.flopcheck.catalogue;
