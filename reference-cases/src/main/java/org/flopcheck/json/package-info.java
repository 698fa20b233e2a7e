/**
 * JSON in, spec values out: {@link org.flopcheck.json.JsonValues} parses text with Jackson's streaming parser
 * into {@link org.flopcheck.spec.Value} trees that remember each value's JSON path, line and column, refusing
 * duplicate keys, trailing content and numbers that do not fit.
 */
package org.flopcheck.json;
