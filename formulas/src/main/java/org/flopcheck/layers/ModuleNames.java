package org.flopcheck.layers;

/** Tests on torch's dotted module names ({@code "layers.0.mlp"}) that cut no substrings. */
public final class ModuleNames {
    private ModuleNames() {
    }

    /**
     * Whether the dotted name's first name (the part before its first {@code .}, or the whole name without one) is
     * {@code name}.
     */
    public static boolean hasFirstName(String dotted, String name) {
        int length = name.length();
        if (dotted.length() == length) {
            return dotted.hashCode() == name.hashCode() && dotted.equals(name);
        }
        return dotted.length() > length && dotted.charAt(length) == '.' && dotted.startsWith(name);
    }
}
