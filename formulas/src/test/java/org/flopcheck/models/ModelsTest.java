package org.flopcheck.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.layers.Analysis;
import org.flopcheck.layers.BatchNorm2d;
import org.flopcheck.layers.Conv2d;
import org.flopcheck.layers.Layer;
import org.flopcheck.layers.Sequential;
import org.flopcheck.shape.Shape;
import org.flopcheck.testing.FlopcheckAssertions;
import org.junit.jupiter.api.Test;

/**
 * torchvision's models as flopcheck builds them: the published parameter totals derived by hand, torchvision's own
 * reprs, the call trees torch's forwards make, the worked numbers of the javadoc, and the configurations torchvision
 * rejects.
 */
class ModelsTest {
    private static final Shape IMAGE = Shape.of(1, 3, 224, 224);

    /** torchvision 0.14's repr of the model, captured from Python (see the resource folder's README). */
    private static String torchvisionRepr(String model) throws IOException {
        try (InputStream in = ModelsTest.class.getResourceAsStream(model + ".repr.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        }
    }

    private static long conv(long in, long out, long k, boolean bias) {
        return in * out * k * k + (bias ? out : 0);
    }

    private static long linear(long in, long out) {
        return in * out + out;
    }

    private static long bn(long c) {
        return 2 * c;
    }

    @Test
    void resnet18_has_11_689_512_parameters() {
        long stem = conv(3, 64, 7, false) + bn(64);                                        // 9,536
        long basic64 = 2 * (conv(64, 64, 3, false) + bn(64));                              // 73,984
        long layer1 = 2 * basic64;                                                        // 147,968
        long layer2 = conv(64, 128, 3, false) + conv(128, 128, 3, false) + 2 * bn(128)
                + conv(64, 128, 1, false) + bn(128) + 2 * (conv(128, 128, 3, false) + bn(128));   // 525,568
        long layer3 = conv(128, 256, 3, false) + conv(256, 256, 3, false) + 2 * bn(256)
                + conv(128, 256, 1, false) + bn(256) + 2 * (conv(256, 256, 3, false) + bn(256));  // 2,099,712
        long layer4 = conv(256, 512, 3, false) + conv(512, 512, 3, false) + 2 * bn(512)
                + conv(256, 512, 1, false) + bn(512) + 2 * (conv(512, 512, 3, false) + bn(512));  // 8,393,728
        long fc = linear(512, 1000);                                                      // 513,000
        assertThat(layer2).isEqualTo(525_568);
        assertThat(layer3).isEqualTo(2_099_712);
        assertThat(layer4).isEqualTo(8_393_728);
        assertThat(stem + layer1 + layer2 + layer3 + layer4 + fc).isEqualTo(11_689_512L);

        FlopcheckAssertions.assertThat(ResNet.resnet18().analyze(IMAGE)).hasParams(11_689_512L).hasOutput(1, 1000);
    }

    @Test
    void resnet50_has_25_557_032_parameters() {
        long total = conv(3, 64, 7, false) + bn(64) + linear(2048, 1000);
        long inplanes = 64;
        long[] planes = {64, 128, 256, 512};
        long[] blocks = {3, 4, 6, 3};
        for (int s = 0; s < 4; s++) {
            long p = planes[s];
            for (long b = 0; b < blocks[s]; b++) {
                total += conv(inplanes, p, 1, false) + conv(p, p, 3, false) + conv(p, 4 * p, 1, false)
                        + bn(p) + bn(p) + bn(4 * p);
                if (b == 0) {   // every first block changes the channels: a downsample
                    total += conv(inplanes, 4 * p, 1, false) + bn(4 * p);
                }
                inplanes = 4 * p;
            }
        }
        assertThat(total).isEqualTo(25_557_032L);

        FlopcheckAssertions.assertThat(ResNet.resnet50().analyze(IMAGE)).hasParams(25_557_032L).hasOutput(1, 1000);
    }

    @Test
    void mobilenet_v2_has_3_504_872_parameters() {
        long[][] setting = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
            {6, 320, 1, 1}};
        long total = conv(3, 32, 3, false) + bn(32);
        long in = 32;
        for (long[] row : setting) {
            for (long i = 0; i < row[2]; i++) {
                long hidden = in * row[0];
                if (row[0] != 1) {
                    total += conv(in, hidden, 1, false) + bn(hidden);
                }
                total += hidden * 9 + bn(hidden);                  // depthwise 3×3: one 3×3 filter per channel
                total += conv(hidden, row[1], 1, false) + bn(row[1]);
                in = row[1];
            }
        }
        total += conv(320, 1280, 1, false) + bn(1280) + linear(1280, 1000);
        assertThat(total).isEqualTo(3_504_872L);

        FlopcheckAssertions.assertThat(MobileNetV2.of().analyze(IMAGE)).hasParams(3_504_872L).hasOutput(1, 1000);
    }

    @Test
    void alexnet_has_61_100_840_parameters() {
        long convs = conv(3, 64, 11, true) + conv(64, 192, 5, true) + conv(192, 384, 3, true)
                + conv(384, 256, 3, true) + conv(256, 256, 3, true);
        long linears = linear(256 * 6 * 6, 4096) + linear(4096, 4096) + linear(4096, 1000);
        assertThat(convs).isEqualTo(2_469_696);
        assertThat(linears).isEqualTo(58_631_144);
        assertThat(convs + linears).isEqualTo(61_100_840L);

        FlopcheckAssertions.assertThat(AlexNet.of().analyze(IMAGE)).hasParams(61_100_840L).hasOutput(1, 1000);
    }

    @Test
    void vgg11_has_132_863_336_and_vgg16_138_357_544_parameters() {
        long classifier = linear(512 * 7 * 7, 4096) + linear(4096, 4096) + linear(4096, 1000);
        long vgg11 = conv(3, 64, 3, true) + conv(64, 128, 3, true) + conv(128, 256, 3, true)
                + conv(256, 256, 3, true) + conv(256, 512, 3, true) + 3 * conv(512, 512, 3, true) + classifier;
        long vgg16 = conv(3, 64, 3, true) + conv(64, 64, 3, true) + conv(64, 128, 3, true) + conv(128, 128, 3, true)
                + conv(128, 256, 3, true) + 2 * conv(256, 256, 3, true) + conv(256, 512, 3, true)
                + 5 * conv(512, 512, 3, true) + classifier;
        assertThat(vgg11).isEqualTo(132_863_336L);
        assertThat(vgg16).isEqualTo(138_357_544L);

        FlopcheckAssertions.assertThat(VGG.vgg11().analyze(IMAGE)).hasParams(132_863_336L).hasOutput(1, 1000);
        FlopcheckAssertions.assertThat(VGG.vgg16().analyze(IMAGE)).hasParams(138_357_544L).hasOutput(1, 1000);
    }

    @Test
    void resnet18_does_1_814_073_344_multiply_accumulates_on_a_224_image() {
        long stem = 112L * 112 * 64 * 3 * 49;
        long layer1 = 4 * (56L * 56 * 64 * 64 * 9);
        long later = 0;   // layer2 to layer4: each halves the side and doubles the channels
        for (long side = 28, c = 128; side >= 7; side /= 2, c *= 2) {
            long px = side * side;
            later += px * c * (c / 2) * 9 + px * c * c * 9 + px * c * (c / 2) + 2 * px * c * c * 9;
        }
        long fc = 512L * 1000;
        assertThat(stem + layer1 + later + fc).isEqualTo(1_814_073_344L);

        FlopcheckAssertions.assertThat(ResNet.resnet18().analyze(IMAGE)).counts(Conventions.MACS, 1_814_073_344L);
    }

    @Test
    void every_model_prints_torchvisions_repr() throws IOException {
        assertThat(ResNet.resnet18()).hasToString(torchvisionRepr("resnet18"));
        assertThat(ResNet.resnet50()).hasToString(torchvisionRepr("resnet50"));
        assertThat(MobileNetV2.of()).hasToString(torchvisionRepr("mobilenet_v2"));
        assertThat(AlexNet.of()).hasToString(torchvisionRepr("alexnet"));
        assertThat(VGG.vgg11()).hasToString(torchvisionRepr("vgg11"));
        assertThat(VGG.vgg16()).hasToString(torchvisionRepr("vgg16"));
    }

    @Test
    void every_root_and_block_reports_torchvisions_class_name() {
        Analysis resnet50 = ResNet.resnet50().analyze(IMAGE);
        Analysis mobilenet = MobileNetV2.of().analyze(IMAGE);

        assertThat(resnet50.layer().type()).isEqualTo("ResNet");
        assertThat(resnet50.walk().map(a -> a.layer().type()).distinct()).contains("Bottleneck", "Sequential");
        assertThat(ResNet.resnet18().analyze(IMAGE).walk().map(a -> a.layer().type())).contains("BasicBlock");
        assertThat(mobilenet.walk().map(a -> a.layer().type()).distinct()).contains("MobileNetV2",
                "Conv2dNormActivation", "InvertedResidual", "ReLU6");
        assertThat(AlexNet.of().type()).isEqualTo("AlexNet");
        assertThat(VGG.vgg16().type()).isEqualTo("VGG");
    }

    @Test
    void resnet_calls_its_submodules_in_forward_order_and_flattens_in_its_own_forward() {
        Analysis a = ResNet.resnet18().analyze(IMAGE);

        assertThat(a.children()).extracting(Analysis::name).containsExactly("conv1", "bn1", "relu", "maxpool",
                "layer1", "layer2", "layer3", "layer4", "avgpool", "fc");
        assertThat(a.children().get(8).output()).isEqualTo(Shape.of(1, 512, 1, 1));
        assertThat(a.children().get(9).inputs().get(0)).isEqualTo(Shape.of(1, 512));
        assertThat(a.terms()).isEmpty();
        assertThat(a.derivation().plain()).contains("torch.flatten(x, 1)");
    }

    @Test
    void a_basic_block_calls_its_relu_twice_and_adds_the_identity_itself() {
        Analysis layer2 = ResNet.resnet18().analyze(IMAGE).children().get(5);
        Analysis block = layer2.children().get(0);

        assertThat(block.name()).isEqualTo("0");
        assertThat(block.children()).extracting(Analysis::name).containsExactly("conv1", "bn1", "relu", "conv2", "bn2",
                "downsample", "relu");
        assertThat(block.children().get(5).children()).extracting(c -> c.layer().type())
                .containsExactly("Conv2d", "BatchNorm2d");
        FlopcheckAssertions.assertThat(block).hasOutput(1, 128, 28, 28)
                .hasTerm("residual additions (out += identity)", 128L * 28 * 28);
        assertThat(layer2.children().get(1).children()).extracting(Analysis::name).containsExactly("conv1", "bn1",
                "relu", "conv2", "bn2", "relu");
    }

    @Test
    void a_bottleneck_calls_its_relu_three_times() {
        Analysis block = ResNet.resnet50().analyze(IMAGE).children().get(4).children().get(1);

        assertThat(block.children()).extracting(Analysis::name).containsExactly("conv1", "bn1", "relu", "conv2", "bn2",
                "relu", "conv3", "bn3", "relu");
        FlopcheckAssertions.assertThat(block).hasTerm("residual additions (out += identity)", 256L * 56 * 56);
    }

    @Test
    void should_count_the_basic_block_worked_example() {
        BasicBlock block = BasicBlock.of(64, 64);
        long px = 56 * 56;

        Analysis a = block.analyze(Shape.of(1, 64, 56, 56));

        FlopcheckAssertions.assertThat(a).hasOutput(1, 64, 56, 56)
                .hasParams(2 * 64 * 64 * 9 + 2 * 2 * 64)
                .counts(Conventions.MACS, 2 * px * 64 * 64 * 9)
                .hasTerm("residual additions (out += identity)", 64 * px);
        assertThat(2 * 64 * 64 * 9 + 2 * 2 * 64).isEqualTo(73_984);
        assertThat(2 * px * 64 * 64 * 9).isEqualTo(231_211_008);
        long reluComparisons = a.children().stream().filter(c -> c.name().equals("relu"))
                .mapToLong(c -> c.terms().get(0).value()).sum();
        assertThat(reluComparisons).isEqualTo(2 * 64 * px);
    }

    @Test
    void should_count_the_bottleneck_worked_example() {
        Bottleneck block = Bottleneck.of(64, 64).downsample(Sequential.of(Conv2d.of(64, 256, 1).bias(false),
                BatchNorm2d.of(256)));
        long weights = 64 * 64 + 64 * 64 * 9 + 64 * 256 + 64 * 256;
        long norms = 2 * (64 + 64 + 256 + 256);
        assertThat(weights + norms).isEqualTo(75_008);

        Analysis a = block.analyze(Shape.of(1, 64, 56, 56));

        FlopcheckAssertions.assertThat(a).hasOutput(1, 256, 56, 56).hasParams(75_008)
                .counts(Conventions.MACS, 56L * 56 * weights)
                .hasTerm("residual additions (out += identity)", 256 * 56 * 56);
        assertThat(56L * 56 * weights).isEqualTo(231_211_008L);
    }

    @Test
    void should_count_the_inverted_residual_worked_example() {
        InvertedResidual block = InvertedResidual.of(24, 24, 1, 6);
        long params = 24 * 144 + 2 * 144 + 144 * 9 + 2 * 144 + 144 * 24 + 2 * 24;
        assertThat(params).isEqualTo(8_832);

        Analysis a = block.analyze(Shape.of(1, 24, 56, 56));

        FlopcheckAssertions.assertThat(a).hasOutput(1, 24, 56, 56).hasParams(params)
                .hasTerm("residual additions (x + conv(x))", 24 * 56 * 56);
        assertThat(a.children()).extracting(Analysis::name).containsExactly("conv");
        assertThat(a.children().get(0).children()).extracting(c -> c.layer().type()).containsExactly(
                "Conv2dNormActivation", "Conv2dNormActivation", "Conv2d", "BatchNorm2d");
        assertThat(InvertedResidual.of(24, 32, 2, 6).analyze(Shape.of(1, 24, 56, 56)).terms()).isEmpty();
        assertThat(InvertedResidual.of(32, 16, 1, 1).conv().layers()).hasSize(3);
    }

    @Test
    void should_count_the_conv_norm_activation_worked_example() {
        Conv2dNormActivation stem = Conv2dNormActivation.of(3, 32).stride(2).activationLayer("ReLU6");

        Analysis a = stem.analyze(IMAGE);

        FlopcheckAssertions.assertThat(a).hasOutput(1, 32, 112, 112).hasParams(3 * 32 * 9 + 2 * 32)
                .counts(Conventions.MACS, 112L * 112 * 32 * 27);
        assertThat(112L * 112 * 32 * 27).isEqualTo(10_838_016L);
        assertThat(a.children()).extracting(Analysis::name, c -> c.layer().type()).containsExactly(
                tuple("0", "Conv2d"), tuple("1", "BatchNorm2d"), tuple("2", "ReLU6"));
        assertThat(stem).hasToString("""
                Conv2dNormActivation(
                  (0): Conv2d(3, 32, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
                  (1): BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (2): ReLU6(inplace=True)
                )""");
        assertThat(Conv2dNormActivation.of(3, 8).normLayer(false).activationLayer(null).inplace(null).toString())
                .isEqualTo("Conv2dNormActivation(\n  (0): Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1),"
                        + " padding=(1, 1))\n)");
    }

    @Test
    void mobilenet_v2_pools_functionally_in_its_own_forward() {
        Analysis a = MobileNetV2.of().analyze(IMAGE);

        assertThat(a.children()).extracting(Analysis::name).containsExactly("features", "classifier");
        Analysis features = a.children().get(0);
        assertThat(features.output()).isEqualTo(Shape.of(1, 1280, 7, 7));
        assertThat(features.children()).hasSize(19);
        assertThat(features.children()).extracting(c -> c.layer().type()).first().isEqualTo("Conv2dNormActivation");
        assertThat(features.children()).extracting(c -> c.layer().type()).last().isEqualTo("Conv2dNormActivation");
        assertThat(features.children().subList(1, 18)).allMatch(c -> c.layer().type().equals("InvertedResidual"));
        FlopcheckAssertions.assertThat(a)
                .hasTerm("F.adaptive_avg_pool2d: additions summing each window", 1280 * 48)
                .hasTerm("F.adaptive_avg_pool2d: divisions by the window size", 1280);
        assertThat(1280 * 48).isEqualTo(61_440);
        assertThat(a.terms()).hasSize(2);
        assertThat(a.children().get(1).inputs().get(0)).isEqualTo(Shape.of(1, 1280));
    }

    @Test
    void alexnet_and_vgg_pool_with_a_module_and_flatten_in_their_forward() {
        for (Layer model : List.of(AlexNet.of(), VGG.vgg11(), VGG.vgg16())) {
            Analysis a = model.analyze(IMAGE);
            assertThat(a.children()).extracting(Analysis::name).containsExactly("features", "avgpool", "classifier");
            assertThat(a.terms()).isEmpty();
            assertThat(a.derivation().plain()).contains("torch.flatten(x, 1)");
        }
        assertThat(AlexNet.of().analyze(IMAGE).children().get(1).output()).isEqualTo(Shape.of(1, 256, 6, 6));
        assertThat(VGG.vgg16().analyze(IMAGE).children().get(0).children()).hasSize(31);
    }

    @Test
    void num_classes_changes_only_the_last_linear() {
        long resnet = ResNet.resnet18().numClasses(10).analyze(IMAGE).params().total();
        long mobilenet = MobileNetV2.of().numClasses(10).analyze(IMAGE).params().total();
        long alexnet = AlexNet.of().numClasses(10).analyze(IMAGE).params().total();
        long vgg = VGG.vgg11().numClasses(10).analyze(IMAGE).params().total();

        assertThat(resnet).isEqualTo(11_689_512L - 990 * 513);
        assertThat(mobilenet).isEqualTo(3_504_872L - 990 * 1281);
        assertThat(alexnet).isEqualTo(61_100_840L - 990 * 4097);
        assertThat(vgg).isEqualTo(132_863_336L - 990 * 4097);
    }

    @Test
    void parameters_do_not_depend_on_the_image_size() {
        for (Layer model : List.of(ResNet.resnet50(), MobileNetV2.of(), AlexNet.of(), VGG.vgg11())) {
            assertThat(model.analyze(Shape.of(2, 3, 96, 128)).params()).as("%s", model.type())
                    .isEqualTo(model.analyze(IMAGE).params());
        }
    }

    /** Figures printed by torchvision 0.14.1: {@code sum(p.numel() for p in model.parameters())}. */
    @Test
    void constructor_keywords_build_the_variants_torchvision_builds() {
        assertThat(MobileNetV2.of().widthMult(0.5).analyze(IMAGE).params().total()).isEqualTo(1_968_680L);
        assertThat(MobileNetV2.of().widthMult(1.4).analyze(IMAGE).params().total()).isEqualTo(6_108_776L);
        assertThat(MobileNetV2.of().widthMult(0.35).analyze(IMAGE).params().total()).isEqualTo(1_677_128L);
        assertThat(MobileNetV2.of().widthMult(0.75).roundNearest(4).analyze(IMAGE).params().total())
                .isEqualTo(2_630_088L);
        assertThat(ResNet.resnet50().groups(32).widthPerGroup(4).analyze(IMAGE).params().total())
                .isEqualTo(25_028_904L);   // resnext50_32x4d
        assertThat(ResNet.resnet50().widthPerGroup(128).analyze(IMAGE).params().total())
                .isEqualTo(68_883_240L);   // wide_resnet50_2
    }

    @Test
    void should_round_channels_as_torchvisions_make_divisible_does() {
        assertThat(MobileNetV2.makeDivisible(32 * 0.5, 8)).isEqualTo(16);
        assertThat(MobileNetV2.makeDivisible(16 * 0.35, 8)).isEqualTo(8);    // never below the divisor
        assertThat(MobileNetV2.makeDivisible(24 * 0.35, 8)).isEqualTo(8);
        assertThat(MobileNetV2.makeDivisible(1280 * 1.4, 8)).isEqualTo(1792);
        assertThat(MobileNetV2.makeDivisible(20, 16)).isEqualTo(32);          // 16 would lose 20 %: one more
    }

    @Test
    void should_refuse_groups_or_width_in_a_basic_block() {
        assertThatThrownBy(() -> BasicBlock.of(64, 64).groups(2))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("BasicBlock: groups (2) and base_width (64) must be 1 and 64")
                .hasMessageContaining("torchvision: BasicBlock only supports groups=1 and base_width=64");
        assertThatThrownBy(() -> ResNet.resnet18().widthPerGroup(128))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("base_width (128)");
    }

    @Test
    void should_refuse_dilation_in_a_basic_block() {
        assertThatThrownBy(() -> ResNet.resnet18().replaceStrideWithDilation(false, false, true))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("BasicBlock: dilation (2) must be 1; torchvision: Dilation > 1 not supported in"
                        + " BasicBlock");
    }

    @Test
    void should_build_a_dilated_resnet50_as_torchvision_does() {
        Analysis a = ResNet.resnet50().replaceStrideWithDilation(false, true, true).analyze(IMAGE);

        assertThat(a.children().get(6).output()).isEqualTo(Shape.of(1, 1024, 28, 28));
        assertThat(a.children().get(7).output()).isEqualTo(Shape.of(1, 2048, 28, 28));
        FlopcheckAssertions.assertThat(a).hasParams(25_557_032L).hasOutput(1, 1000);
    }

    @Test
    void should_refuse_a_replace_stride_with_dilation_of_other_than_3_entries() {
        assertThatThrownBy(() -> ResNet.resnet50().replaceStrideWithDilation(true))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("replace_stride_with_dilation must have 3 entries, got 1");
    }

    @Test
    void should_refuse_a_resnet_without_four_stages() {
        assertThatThrownBy(() -> ResNet.of(ResNet.Block.BOTTLENECK, 3, 4, 6))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("ResNet: layers must give the number of blocks of each of the 4 stages, got 3");
        assertThatThrownBy(() -> ResNet.of(ResNet.Block.BASIC_BLOCK, 2, 0, 2, 2))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("every stage needs at least one block");
    }

    @Test
    void should_refuse_no_classes() {
        assertThatThrownBy(() -> ResNet.resnet18().numClasses(0))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("ResNet: num_classes (0) must be positive");
        assertThatThrownBy(() -> VGG.vgg16().numClasses(-1))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("VGG: num_classes (-1) must be positive");
    }

    @Test
    void should_refuse_an_inverted_residual_stride_other_than_1_or_2() {
        assertThatThrownBy(() -> InvertedResidual.of(16, 16, 3, 6))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("InvertedResidual: stride (3) must be 1 or 2; torchvision: stride should be 1 or 2 insted"
                        + " of 3");
    }

    @Test
    void should_refuse_an_empty_or_malformed_inverted_residual_setting() {
        assertThatThrownBy(() -> MobileNetV2.of().invertedResidualSetting())
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("inverted_residual_setting should be non-empty or a 4-element list");
        assertThatThrownBy(() -> MobileNetV2.of().invertedResidualSetting(new long[] {1, 16, 1}))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("got [[1, 16, 1]]");
    }

    @Test
    void should_refuse_an_activation_layer_it_does_not_know() {
        assertThatThrownBy(() -> Conv2dNormActivation.of(3, 8).activationLayer("Tanh"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Conv2dNormActivation: activation_layer 'Tanh' is not one of 'ReLU', 'ReLU6', 'SiLU' or"
                        + " None");
    }

    @Test
    void should_refuse_a_residual_of_two_shapes_as_torch_does() {
        assertThatThrownBy(() -> BasicBlock.of(64, 128).analyze(Shape.of(1, 64, 56, 56)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("BasicBlock: out += identity needs tensors of one shape, got (1, 128, 56, 56) and"
                        + " (1, 64, 56, 56); torch: The size of tensor a (128) must match the size of tensor b (64) at"
                        + " non-singleton dimension 1");
    }

    @Test
    void should_refuse_an_unbatched_image_where_batch_norm_does() {
        assertThatThrownBy(() -> ResNet.resnet18().analyze(Shape.of(3, 224, 224)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageContaining("layer bn1 (BatchNorm2d)")
                .hasMessageContaining("expected 4D input (got 3D input)");
    }

    @Test
    void should_name_the_row_of_a_model_that_rejects_a_small_image() {
        assertThatThrownBy(() -> AlexNet.of().analyze(Shape.of(1, 3, 32, 32)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessageStartingWith("layer features.");
    }
}
