package org.flopcheck.layers;

/**
 * torch's {@code _ConvNd.extra_repr}: {@code Conv2d(1, 32, kernel_size=(4, 10), stride=(2, 8), bias=False)}. The
 * stride is always shown; padding, dilation, output padding, groups, bias and padding mode only when they differ
 * from their defaults.
 */
final class ConvRepr {
    private ConvRepr() {
    }

    static String of(Convolution<?> c, Dims zeros) {
        StringBuilder sb = start(c.type(), c.inChannels, c.outChannels, c.kernel, c.stride);
        if (c.paddingKeyword().isPresent()) {
            sb.append(", padding=").append(c.paddingKeyword().get());
        } else if (!c.padding.equals(zeros)) {
            sb.append(", padding=").append(c.padding);
        }
        finish(sb, c.dilation, null, c.groups, c.bias, c.paddingMode);
        return sb.toString();
    }

    static StringBuilder start(String type, long in, long out, Dims kernel, Dims stride) {
        return new StringBuilder(type).append('(').append(in).append(", ").append(out).append(", kernel_size=")
                .append(kernel).append(", stride=").append(stride);
    }

    static void finish(StringBuilder sb, Dims dilation, Dims outputPadding, long groups, boolean bias,
                       String paddingMode) {
        if (!dilation.all(1)) {
            sb.append(", dilation=").append(dilation);
        }
        if (outputPadding != null && !outputPadding.all(0)) {
            sb.append(", output_padding=").append(outputPadding);
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (!bias) {
            sb.append(", bias=False");
        }
        if (!paddingMode.equals("zeros")) {
            sb.append(", padding_mode=").append(paddingMode);
        }
        sb.append(')');
    }
}
