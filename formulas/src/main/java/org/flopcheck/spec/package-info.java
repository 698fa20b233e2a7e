/**
 * Specs: models described the way torch.nn describes them, as data. A spec is a tree of
 * {@link org.flopcheck.spec.Value values} (objects, lists, numbers, strings) that knows where each value came from;
 * {@link org.flopcheck.spec.SpecReader} turns a {@code {"type": "Conv2d", "in_channels": 1, ...}} object into a
 * {@link org.flopcheck.layers.Layer} with torch's class and keyword names, torch's defaults for omitted arguments,
 * and an error naming the JSON path for anything it cannot accept. Parsing text into values is the caller's job
 * (the command line uses Jackson); this package depends on nothing but the JDK.
 */
package org.flopcheck.spec;
