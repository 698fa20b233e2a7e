/**
 * Blocks: layers made of other layers, for models that are not one {@code torch.nn.Sequential} chain, and the
 * Hugging Face transformer modules the catalogue's language models are built from.
 *
 * <p>The generic blocks are {@link org.flopcheck.blocks.Residual} ({@code body(x) + shortcut(x)}),
 * {@link org.flopcheck.blocks.Parallel} (branches on one input, joined by concatenation, addition or
 * multiplication) and {@link org.flopcheck.blocks.Repeat} (independent copies of one layer in sequence). Their
 * analyses mirror a torch module tree: each child is a row under the name torch would give it ({@code body},
 * {@code 0}, {@code 1}, ...), the join is the block's own term, and a mistake inside a child is reported with the
 * row path from the block down ({@code layer 3.body.1 (Linear): ...}).
 *
 * <p>The transformer modules are {@link org.flopcheck.blocks.SelfAttention} (Hugging Face's eager attention of
 * decoder-only and encoder models, with grouped-query heads, causal masks and rotary embeddings),
 * {@link org.flopcheck.blocks.RotaryEmbedding}, {@link org.flopcheck.blocks.BertEmbeddings},
 * {@link org.flopcheck.blocks.BertPooler} and {@link org.flopcheck.blocks.PositionEmbedding} (GPT-2's learned
 * positions). Each class states the module and library version it mirrors and what it approximates.
 */
package org.flopcheck.blocks;
