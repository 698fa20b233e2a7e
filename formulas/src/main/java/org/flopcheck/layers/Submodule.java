package org.flopcheck.layers;

import java.util.Objects;

/**
 * A submodule a layer declares but whose forward it never calls, as torch's {@code MultiheadAttention} declares
 * {@code out_proj} and uses only its tensors through a functional call. Its parameters are listed with the
 * owner's, under the prefix {@code name.} ({@code out_proj.weight}). Tools that walk torch's module tree see it;
 * tools that hook forward calls never see it run.
 *
 * @param name torch's attribute name ({@code out_proj})
 * @param type torch's class name ({@code NonDynamicallyQuantizableLinear})
 */
public record Submodule(String name, String type) {
    public Submodule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
