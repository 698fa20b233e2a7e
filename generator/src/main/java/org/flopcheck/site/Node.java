package org.flopcheck.site;

import java.util.ArrayList;
import java.util.List;
import org.flopcheck.layers.Analysis;

/**
 * One call in an analysed model with its row path ({@code ""} for the root, {@code "0"}, {@code "layer.self_attn"}),
 * the way conventions name contributions. A module called more than once (torchvision's blocks call their
 * {@code relu} several times) has one node per call; {@link #key()} tells them apart.
 *
 * @param path       the row path
 * @param analysis   the call's analysis
 * @param depth      0 for the root
 * @param occurrence 0 for the first call at this path, 1 for the second, ...
 */
record Node(String path, Analysis analysis, int depth, int occurrence) {

    /** Every call, parents before children, in call order. */
    static List<Node> walk(Analysis root) {
        List<Node> all = new ArrayList<>();
        walk(root, "", 0, all, new java.util.HashMap<>());
        return all;
    }

    private static void walk(Analysis a, String path, int depth, List<Node> into,
                             java.util.Map<String, Integer> seen) {
        int occurrence = seen.merge(path, 1, Integer::sum) - 1;
        into.add(new Node(path, a, depth, occurrence));
        for (Analysis child : a.children()) {
            walk(child, path.isEmpty() ? child.name() : path + "." + child.name(), depth + 1, into, seen);
        }
    }

    /** The path, with {@code @k} for the k-th repeated call: {@code layer1.0.relu@2}. */
    String key() {
        return occurrence == 0 ? path : path + "@" + occurrence;
    }

    /** The call at a key ({@code path} or {@code path@k}). */
    static Analysis at(Analysis root, String key) {
        return walk(root).stream().filter(n -> n.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no call at '" + key + "'")).analysis;
    }

    /** {@code 0 (Conv2d)}, or the type alone for the root. */
    String label() {
        return path.isEmpty() ? analysis.layer().type() : path + " (" + analysis.layer().type() + ")";
    }
}
