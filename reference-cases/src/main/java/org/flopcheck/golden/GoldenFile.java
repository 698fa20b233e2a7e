package org.flopcheck.golden;

import java.util.List;

/**
 * One golden file: where it was captured, which tools have readings in it, and its cases.
 *
 * @param name        the file name, for messages ({@code conv.json})
 * @param format      always {@code flopcheck-golden/1}
 * @param environment python, torch and torchvision versions of the capture
 * @param tools       the tools with readings in this file
 * @param cases       the cases in declaration order
 */
public record GoldenFile(String name, String format, Environment environment, List<ToolInfo> tools,
                         List<GoldenCase> cases) {
    public GoldenFile {
        tools = List.copyOf(tools);
        cases = List.copyOf(cases);
    }

    /** Versions of the capture environment. */
    public record Environment(String python, String torch, String torchvision) {
    }

    /** A tool as the file describes it. */
    public record ToolInfo(String id, String tool, String version, String backend, String requirement,
                           String source) {
    }
}
