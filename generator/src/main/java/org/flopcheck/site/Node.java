package org.flopcheck.site;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.layers.Analysis;

/**
 * One call in an analysed model with its row path ({@code ""} for the root, {@code "0"}, {@code "layer.self_attn"}),
 * the way conventions name contributions.
 *
 * @param path     the row path
 * @param analysis the call's analysis
 * @param depth    0 for the root
 */
record Node(String path, Analysis analysis, int depth) {

    /** Every call, parents before children, in call order. */
    static List<Node> walk(Analysis root) {
        List<Node> all = new ArrayList<>();
        walk(root, "", 0, all);
        return all;
    }

    private static void walk(Analysis a, String path, int depth, List<Node> into) {
        into.add(new Node(path, a, depth));
        for (Analysis child : a.children()) {
            walk(child, path.isEmpty() ? child.name() : path + "." + child.name(), depth + 1, into);
        }
    }

    /** The node at a path. */
    static Analysis at(Analysis root, String path) {
        return walk(root).stream().filter(n -> n.path.equals(path)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no call at path '" + path + "'")).analysis;
    }

    /** {@code 0 (Conv2d)}, or the type alone for the root. */
    String label() {
        return path.isEmpty() ? analysis.layer().type() : path + " (" + analysis.layer().type() + ")";
    }
}
