package org.flopcheck.layers;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.flopcheck.shape.Shape;

/**
 * The shapes a layer's forward call receives, one per positional input, and which of them are the same tensor.
 *
 * <p>Identity matters: {@code MultiheadAttention(x, x, x)} takes a different path in torch than three distinct
 * tensors of the same shape, and some tools count the two differently.
 *
 * <p>Immutable; equal when the shapes and the aliases are equal. Calls are compared by their inputs often
 * ({@link SharedCalls}), so the hash code is computed once.
 */
public final class Inputs {
    private static final Map<Integer, Integer> NO_ALIASES = Map.of();

    /** The shapes; for one input, null until first read ({@link #first} holds it). */
    private List<Shape> shapes;
    private final Shape first;
    private final int size;
    private final Map<Integer, Integer> aliases;
    private final int hash;

    /**
     * @param shapes  one shape per positional input
     * @param aliases input index to the index of an earlier input that is the same tensor
     */
    public Inputs(List<Shape> shapes, Map<Integer, Integer> aliases) {
        this.shapes = List.copyOf(shapes);
        this.size = this.shapes.size();
        this.first = size == 0 ? null : this.shapes.get(0);
        this.aliases = Map.copyOf(aliases);
        if (!this.aliases.isEmpty()) {
            checkAliases(this.shapes, this.aliases);
        }
        this.hash = 31 * this.shapes.hashCode() + this.aliases.hashCode();
    }

    /** One tensor: the common case, without copying a list or a map. */
    private Inputs(Shape shape) {
        this.first = java.util.Objects.requireNonNull(shape, "shape");
        this.size = 1;
        this.aliases = NO_ALIASES;
        this.hash = 31 * (31 + shape.hashCode());   // List.of(shape).hashCode(), and the empty map's 0
    }

    /** One shape per positional input. */
    public List<Shape> shapes() {
        List<Shape> all = shapes;
        if (all == null) {
            all = List.of(first);   // immutable: threads racing to make it agree
            shapes = all;
        }
        return all;
    }

    /** Input index to the index of an earlier input that is the same tensor. */
    public Map<Integer, Integer> aliases() {
        return aliases;
    }

    private static void checkAliases(List<Shape> shapes, Map<Integer, Integer> aliases) {
        for (Map.Entry<Integer, Integer> e : aliases.entrySet()) {
            int i = e.getKey();
            int j = e.getValue();
            if (i < 0 || i >= shapes.size() || j < 0 || j >= i) {
                throw new IllegalArgumentException("input " + i + " can only be the same tensor as an earlier input,"
                        + " got " + j);
            }
            if (!shapes.get(i).equals(shapes.get(j))) {
                throw new IllegalArgumentException("input " + i + " " + shapes.get(i) + " cannot be the same tensor as"
                        + " input " + j + " " + shapes.get(j));
            }
        }
    }

    public static Inputs of(Shape... shapes) {
        return shapes.length == 1 ? new Inputs(shapes[0]) : new Inputs(List.of(shapes), NO_ALIASES);
    }

    /** One tensor of this shape. */
    public static Inputs of(Shape shape) {
        return new Inputs(java.util.Objects.requireNonNull(shape, "shape"));
    }

    public static Inputs of(List<Shape> shapes) {
        return new Inputs(shapes, Map.of());
    }

    /** These inputs with input {@code i} declared the same tensor as the earlier input {@code j}. */
    public Inputs withSame(int i, int j) {
        Map<Integer, Integer> copy = new TreeMap<>(aliases);
        copy.put(i, j);
        return new Inputs(shapes(), copy);
    }

    public int size() {
        return size;
    }

    public Shape get(int i) {
        return i == 0 && size > 0 ? first : shapes().get(i);
    }

    /** True when inputs {@code i} and {@code j} are the same tensor. */
    public boolean same(int i, int j) {
        return root(i) == root(j);
    }

    private int root(int i) {
        int r = i;
        while (aliases.containsKey(r)) {
            r = aliases.get(r);
        }
        return r;
    }

    /** Equal shapes and equal aliases. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Inputs other && other.hash == hash && sameShapes(other, this)
                && other.aliases.equals(aliases);
    }

    /** Element by element, by index: no iterator per comparison. */
    private static boolean sameShapes(Inputs a, Inputs b) {
        int n = a.size;
        if (n != b.size) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!a.get(i).equals(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        if (size == 1) {
            return first.toString();
        }
        return shapes().stream().map(Shape::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
