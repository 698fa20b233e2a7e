package org.flopcheck.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.flopcheck.InvalidArgumentException;
import org.flopcheck.InvalidShapeException;
import org.flopcheck.convention.Conventions;
import org.flopcheck.layers.Analysis;
import org.flopcheck.oracle.EmbeddingsOracle;
import org.flopcheck.shape.Shape;
import org.flopcheck.testing.FlopcheckAssertions;
import org.junit.jupiter.api.Test;

/** BertEmbeddings, BertPooler, PositionEmbedding and RotaryEmbedding: loops, worked numbers, reprs, refusals. */
class TransformerModulesTest {

    @Test
    void bert_embeddings_equal_a_token_by_token_sum_then_layer_norm() {
        qt().withFixedSeed(20261501L).withExamples(300).forAll(integers().between(1, 3), integers().between(1, 6),
                integers().between(1, 6), integers().between(1, 3)).checkAssert((n, l, e, types) -> {
                    BertEmbeddings layer = BertEmbeddings.of(11, e).maxPositionEmbeddings(6).typeVocabSize(types);
                    EmbeddingsOracle.Run run = EmbeddingsOracle.bert(n, l, e, 11, 6, types);
                    FlopcheckAssertions.assertThat(layer.analyze(Shape.of(n, l))).hasOutput(Shape.of(run.out()))
                            .matchesOracle(run.ops()).hasParams((11 + 6 + types) * (long) e + 2L * e);
                });
    }

    @Test
    void position_embeddings_equal_an_element_by_element_sum() {
        qt().withFixedSeed(20261502L).withExamples(300).forAll(integers().between(1, 3), integers().between(1, 6),
                integers().between(1, 6), integers().between(6, 9)).checkAssert((n, l, e, table) -> {
                    EmbeddingsOracle.Run run = EmbeddingsOracle.positions(n, l, e, table);
                    FlopcheckAssertions.assertThat(PositionEmbedding.of(table, e).analyze(Shape.of(n, l, e)))
                            .hasOutput(Shape.of(run.out())).matchesOracle(run.ops()).hasParams((long) table * e);
                });
    }

    @Test
    void should_count_bert_bases_embeddings_by_hand() {
        Analysis a = BertEmbeddings.of(30522, 768).analyze(Shape.of(1, 128));
        long params = (30522 + 512 + 2) * 768L + 2 * 768;
        long sums = 2L * 128 * 768;
        long layerNorm = 128L * (7 * 768 + 3);   // two-pass statistics, weight and bias: 7 per value, 3 per row
        FlopcheckAssertions.assertThat(a).hasParams(params).hasBuffers(2 * 512).hasOutput(1, 128, 768)
                .counts(Conventions.EXACT, sums + layerNorm).counts(Conventions.MACS, 0);
        assertThat(params).isEqualTo(23_837_184);
        assertThat(sums + layerNorm).isEqualTo(885_120);
        assertThat(a.children()).extracting(Analysis::name).containsExactly("word_embeddings",
                "token_type_embeddings", "position_embeddings", "LayerNorm", "dropout");
        assertThat(a.children().get(2).inputs().get(0)).isEqualTo(Shape.of(1, 128));
    }

    @Test
    void should_count_bert_bases_pooler_on_the_first_token() {
        Analysis a = BertPooler.of(768).analyze(Shape.of(1, 128, 768));
        FlopcheckAssertions.assertThat(a).hasOutput(1, 768).hasParams(768L * 768 + 768)
                .counts(Conventions.MACS, 768L * 768).hasTerm("tanh evaluations", 768);
        assertThat(768L * 768 + 768).isEqualTo(590_592);
    }

    @Test
    void should_count_gpt2s_position_embedding() {
        FlopcheckAssertions.assertThat(PositionEmbedding.of(1024, 768).analyze(Shape.of(1, 128, 768)))
                .hasParams(1024L * 768).counts(Conventions.EXACT, 128L * 768);
        assertThat(1024L * 768).isEqualTo(786_432);
        assertThat(128L * 768).isEqualTo(98_304);
    }

    @Test
    void rotary_tables_have_a_buffer_and_no_counted_operations() {
        Analysis a = RotaryEmbedding.of(128).analyze(Shape.of(1, 32, 128, 128), Shape.of(1, 128));
        assertThat(a.outputs()).containsExactly(Shape.of(1, 128, 128), Shape.of(1, 128, 128));
        FlopcheckAssertions.assertThat(a).hasBuffers(64).hasParams(0).counts(Conventions.EXACT, 0);
        assertThat(a.derivation().plain()).contains("not counted");
    }

    @Test
    void reprs_match_hugging_face() {
        assertThat(BertEmbeddings.of(30522, 768)).hasToString("BertEmbeddings(\n"
                + "  (word_embeddings): Embedding(30522, 768, padding_idx=0)\n"
                + "  (position_embeddings): Embedding(512, 768)\n"
                + "  (token_type_embeddings): Embedding(2, 768)\n"
                + "  (LayerNorm): LayerNorm((768,), eps=1e-12, elementwise_affine=True)\n"
                + "  (dropout): Dropout(p=0.1, inplace=False)\n"
                + ")");
        assertThat(BertPooler.of(768)).hasToString("BertPooler(\n"
                + "  (dense): Linear(in_features=768, out_features=768, bias=True)\n"
                + "  (activation): Tanh()\n"
                + ")");
        assertThat(PositionEmbedding.of(1024, 768)).hasToString("PositionEmbedding(1024, 768)");
        assertThat(RotaryEmbedding.of(128)).hasToString("RotaryEmbedding(dim=128)");
    }

    @Test
    void should_refuse_sequences_longer_than_the_position_table() {
        assertThatThrownBy(() -> BertEmbeddings.of(100, 8).analyze(Shape.of(1, 513)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("BertEmbeddings: sequence length 513 exceeds max_position_embeddings (512); torch: The"
                        + " size of tensor a (513) must match the size of tensor b (512) at non-singleton dimension 1");
        assertThatThrownBy(() -> PositionEmbedding.of(4, 8).analyze(Shape.of(1, 5, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("PositionEmbedding: sequence length 5 exceeds num_embeddings (4); torch: index out of"
                        + " range in self");
    }

    @Test
    void should_refuse_inputs_of_the_wrong_shape() {
        assertThatThrownBy(() -> BertEmbeddings.of(100, 8).analyze(Shape.of(1, 4, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("BertEmbeddings expects token ids (N, L), got (1, 4, 8)");
        assertThatThrownBy(() -> BertPooler.of(8).analyze(Shape.of(4, 8)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("BertPooler expects hidden states (N, L, E=8), got (4, 8)");
        assertThatThrownBy(() -> PositionEmbedding.of(4, 8).analyze(Shape.of(1, 2, 6)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("PositionEmbedding expects input (N, L, D=8) or unbatched (L, D=8), got (1, 2, 6)");
        assertThatThrownBy(() -> RotaryEmbedding.of(4).analyze(Shape.of(1, 2, 3, 4), Shape.of(3)))
                .isInstanceOf(InvalidShapeException.class)
                .hasMessage("RotaryEmbedding expects position_ids (B, L), got (3,)");
    }

    @Test
    void should_refuse_configurations_hugging_face_cannot_build() {
        assertThatThrownBy(() -> BertEmbeddings.of(100, 8).padTokenId(100))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("BertEmbeddings: pad_token_id (100) must be a row of the word embeddings, from 0 to"
                        + " vocab_size − 1 (99)");
        assertThatThrownBy(() -> BertEmbeddings.of(100, 8).hiddenDropoutProb(-0.1))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("BertEmbeddings: hidden_dropout_prob (-0.1) must be a probability between 0 and 1");
        assertThatThrownBy(() -> RotaryEmbedding.of(5)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("RotaryEmbedding: dim (5) must be even: rotate_half splits each head's features into two"
                        + " halves");
        assertThatThrownBy(() -> BertPooler.of(0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("BertPooler: hidden_size (0) must be positive");
        assertThatThrownBy(() -> PositionEmbedding.of(0, 8)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("PositionEmbedding: num_embeddings (0) must be positive");
    }
}
