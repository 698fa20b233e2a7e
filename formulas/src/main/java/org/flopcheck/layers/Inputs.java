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
 * @param shapes  one shape per positional input
 * @param aliases input index to the index of an earlier input that is the same tensor
 */
public record Inputs(List<Shape> shapes, Map<Integer, Integer> aliases) {
    public Inputs {
        shapes = List.copyOf(shapes);
        aliases = Map.copyOf(aliases);
        if (!aliases.isEmpty()) {
            checkAliases(shapes, aliases);
        }
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
        return new Inputs(List.of(shapes), Map.of());
    }

    public static Inputs of(List<Shape> shapes) {
        return new Inputs(shapes, Map.of());
    }

    /** These inputs with input {@code i} declared the same tensor as the earlier input {@code j}. */
    public Inputs withSame(int i, int j) {
        Map<Integer, Integer> copy = new TreeMap<>(aliases);
        copy.put(i, j);
        return new Inputs(shapes, copy);
    }

    public int size() {
        return shapes.size();
    }

    public Shape get(int i) {
        return shapes.get(i);
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

    /** Equal shapes and equal aliases, as the record's equality, written out since calls are compared often. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Inputs other && other.shapes.equals(shapes) && other.aliases.equals(aliases);
    }

    @Override
    public int hashCode() {
        return 31 * shapes.hashCode() + aliases.hashCode();
    }

    @Override
    public String toString() {
        if (shapes.size() == 1) {
            return shapes.get(0).toString();
        }
        return shapes.stream().map(Shape::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
