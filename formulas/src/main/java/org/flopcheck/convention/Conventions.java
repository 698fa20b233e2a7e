package org.flopcheck.convention;

import java.util.List;
import java.util.Optional;

/** The conventions the library defines, by id. */
public final class Conventions {
    private Conventions() {
    }

    /**
     * Every scalar operation, one each: multiplications, additions and subtractions, divisions, comparisons, square
     * roots, and evaluations of each non-linear function as their own terms. A K-term dot product is K
     * multiplications and K − 1 additions; a bias is one more addition.
     */
    public static final Convention EXACT = new TermConvention("exact", "exact scalar operations",
            "Every scalar operation counted once: multiplications, additions and subtractions, divisions, comparisons,"
                    + " square roots, and each non-linear function evaluation as its own term. A K-term dot product"
                    + " is K multiplications and K − 1 additions; a bias is one addition more.",
            1, 1);

    /** Multiply-accumulates: the multiplications of dot products, and nothing else. */
    public static final Convention MACS = new TermConvention("macs", "multiply-accumulates",
            "The multiplications of dot products (weight by input; in attention also query by key and attention"
                    + " weight by value), one MAC each. Biases, normalisation, activations and pooling are not MACs.",
            0, 1);

    /** Two FLOPs per multiply-accumulate. */
    public static final Convention FLOPS = new TermConvention("flops", "floating-point operations (2 × MACs)",
            "Two operations per multiply-accumulate, as most papers count FLOPs; everything else counts zero.",
            0, 2);

    private static final List<Convention> LIBRARY = List.of(EXACT, MACS, FLOPS);

    private static final List<Convention> TOOLS = List.of(
            org.flopcheck.tools.TorchinfoConvention.INSTANCE,
            org.flopcheck.tools.ThopConvention.INSTANCE,
            org.flopcheck.tools.PtflopsPytorchConvention.V0_7_5,
            org.flopcheck.tools.PtflopsAtenConvention.INSTANCE,
            org.flopcheck.tools.PtflopsPytorchConvention.V0_7_2_2);

    private static final List<Convention> ALL = java.util.stream.Stream.concat(LIBRARY.stream(), TOOLS.stream())
            .toList();

    /** The library's own conventions in a fixed order: exact, macs, flops. */
    public static List<Convention> library() {
        return LIBRARY;
    }

    /** The pinned tool versions' conventions: torchinfo, thop, ptflops pytorch and aten, the older ptflops. */
    public static List<Convention> tools() {
        return TOOLS;
    }

    /** Every convention: the library's, then the tools'. */
    public static List<Convention> all() {
        return ALL;
    }

    public static Optional<Convention> byId(String id) {
        return ALL.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
