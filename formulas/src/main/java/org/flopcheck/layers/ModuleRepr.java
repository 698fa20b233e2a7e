package org.flopcheck.layers;

import java.util.Map;

/**
 * torch's {@code Module.__repr__} for a module that prints only its submodules: the class name, then one line per
 * submodule in registration order, {@code (name): repr}, nested reprs indented by two spaces.
 */
public final class ModuleRepr {
    private ModuleRepr() {
    }

    /**
     * {@code TransformerEncoderLayer(\n  (self_attn): MultiheadAttention(...)\n  ...\n)}; {@code Type()} without
     * submodules.
     *
     * @param submodules the submodules by attribute name, in the order torch registered them (not the call order)
     */
    public static String of(String type, Map<String, ?> submodules) {
        StringBuilder sb = new StringBuilder(type).append('(');
        submodules.forEach((name, module) -> sb.append("\n  (").append(name).append("): ")
                .append(module.toString().replace("\n", "\n  ")));
        return sb.append(submodules.isEmpty() ? ")" : "\n)").toString();
    }
}
