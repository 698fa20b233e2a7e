/**
 * torchvision 0.14's classification models as flopcheck layers: one public class per architecture
 * ({@link org.flopcheck.models.ResNet}, {@link org.flopcheck.models.MobileNetV2}, {@link org.flopcheck.models.AlexNet},
 * {@link org.flopcheck.models.VGG}) and per building block ({@link org.flopcheck.models.BasicBlock},
 * {@link org.flopcheck.models.Bottleneck}, {@link org.flopcheck.models.InvertedResidual},
 * {@link org.flopcheck.models.Conv2dNormActivation}). Each mirrors torchvision's module exactly: its class name as
 * {@code type()}, its attribute names as the names of its calls, its submodules' registration order in the repr,
 * the order of the calls its forward makes (a module called twice is a child twice), and the operations the
 * forward performs itself on tensors ({@code out += identity}, {@code nn.functional.adaptive_avg_pool2d}), which
 * are the module's own terms. {@code torch.flatten} is a view: it is noted in the derivation, with no operations.
 */
package org.flopcheck.models;
