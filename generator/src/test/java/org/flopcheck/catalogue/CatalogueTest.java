package org.flopcheck.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flopcheck.CountOverflowException;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.json.JsonValues;
import org.flopcheck.layers.Analysis;
import org.flopcheck.shape.Shape;
import org.flopcheck.spec.ModelSpec;
import org.flopcheck.spec.Value;
import org.flopcheck.terms.Term;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    static Analysis analyse(String name) {
        ModelSpec spec = Catalogue.model(name).orElseThrow();
        return spec.model().analyze(spec.inputs());
    }

    static long macs(String name) {
        return Conventions.MACS.count(analyse(name)).total();
    }

    @Test
    void every_listed_model_reads_and_analyses() {
        assertThat(Catalogue.names()).isNotEmpty();
        for (String name : Catalogue.names()) {
            assertThat(analyse(name).params().total()).as(name).isPositive();
        }
    }

    @Test
    void every_conventions_contributions_sum_to_its_total_on_every_listed_model() {
        for (String name : Catalogue.names()) {
            Analysis a = analyse(name);
            for (Convention c : Conventions.all()) {
                if (c.outcome(a) instanceof org.flopcheck.convention.Outcome.Counted counted) {
                    long sum = counted.count().contributions().stream()
                            .mapToLong(org.flopcheck.convention.Contribution::value).reduce(0, Math::addExact);
                    assertThat(sum).as("%s under %s", name, c.id()).isEqualTo(counted.count().total());
                }
            }
        }
    }

    @Test
    void every_listed_model_describes_its_sources_and_approximations() {
        for (String name : Catalogue.names()) {
            Value.Obj root = (Value.Obj) JsonValues.parse(Catalogue.text(name).orElseThrow());
            assertThat(root.fields().get("description")).as(name).isInstanceOfSatisfying(Value.Str.class,
                    d -> assertThat(d.value()).hasSizeGreaterThan(80));
            assertThat(root.fields().get("name")).as(name).isEqualTo(new Value.Str(name,
                    root.fields().get("name").location()));
        }
    }

    @Test
    void keyword_spotting_model_has_327_680_macs_and_1_344_parameters() {
        // conv 32·64·4 outputs × 40 products; params 32·4·10 + BatchNorm 2·32
        Analysis a = analyse("kws");
        assertThat(Conventions.MACS.count(a).total()).isEqualTo(32L * 64 * 4 * 40);
        assertThat(a.params().total()).isEqualTo(32 * 4 * 10 + 2 * 32);
    }

    @Test
    void torchvision_models_have_torchvisions_published_parameter_totals() {
        assertThat(analyse("resnet18").params().total()).isEqualTo(11_689_512);
        assertThat(analyse("resnet50").params().total()).isEqualTo(25_557_032);
        assertThat(analyse("mobilenet_v2").params().total()).isEqualTo(3_504_872);
        assertThat(analyse("alexnet").params().total()).isEqualTo(61_100_840);
        assertThat(analyse("vgg11").params().total()).isEqualTo(132_863_336);
        assertThat(analyse("vgg16").params().total()).isEqualTo(138_357_544);
    }

    @Test
    void bert_base_has_the_109_482_240_parameters_of_bert_base_uncased() {
        long e = 768;
        long embeddings = (30522 + 512 + 2) * e + 2 * e;           // word, position, token type; LayerNorm
        long attention = 3 * (e * e + e) + (e * e + e) + 2 * e;       // query, key, value; output dense; LayerNorm
        long feedForward = (e * 3072 + 3072) + (3072 * e + e) + 2 * e; // intermediate, output; LayerNorm
        long pooler = e * e + e;
        long total = embeddings + 12 * (attention + feedForward) + pooler;
        assertThat(total).isEqualTo(109_482_240L);
        assertThat(analyse("bert-base").params().total()).isEqualTo(total);
    }

    @Test
    void gpt2_has_the_124_439_808_parameters_of_gpt2_model_without_a_second_copy_of_the_tied_head() {
        long e = 768;
        long embeddings = 50257 * e + 1024 * e;                                        // wte, wpe
        long block = 2 * e + (e * 3 * e + 3 * e) + (e * e + e) + 2 * e                 // ln_1, c_attn, c_proj, ln_2
                + (e * 3072 + 3072) + (3072 * e + e);                                  // mlp.c_fc, mlp.c_proj
        long total = embeddings + 12 * block + 2 * e;                                  // ln_f
        assertThat(total).isEqualTo(124_439_808L);
        Analysis a = analyse("gpt2");
        assertThat(a.params().total()).isEqualTo(total);
        assertThat(a.output()).isEqualTo(Shape.of(1, 128, 768));   // hidden states: no head, no logits
    }

    @Test
    void llama_2_7b_has_6_738_415_616_parameters_with_its_untied_head() {
        long d = 4096;
        long layer = 4 * d * d + 3 * d * 11008 + 2 * d;   // q, k, v, o; gate, up, down; two RMSNorms
        long total = 32000 * d + 32 * layer + d + d * 32000;   // embed_tokens, layers, norm, lm_head
        assertThat(total).isEqualTo(6_738_415_616L);
        assertThat(analyse("llama-2-7b").params().total()).isEqualTo(total);
    }

    @Test
    void llama_2_70b_has_68_976_648_192_parameters_with_grouped_query_attention() {
        long d = 8192;
        long kv = 8 * 128;                                                  // 8 key-value heads of 128
        long layer = d * d + 2 * d * kv + d * d + 3 * d * 28672 + 2 * d;    // q, k and v, o; MLP; RMSNorms
        long total = 32000 * d + 80 * layer + d + d * 32000;
        assertThat(total).isEqualTo(68_976_648_192L);
        assertThat(analyse("llama-2-70b").params().total()).isEqualTo(total);
    }

    @Test
    void bert_base_on_128_tokens_has_11_174_215_680_macs() {
        // per token and layer: q, k, v, output dense 4·768², intermediate and output 2·768·3072, attention
        // scores and weights·v 2·128·768 (12 heads of 64 over 128 keys); then the pooler on one token: 768²
        long perLayerPerToken = 4L * 768 * 768 + 2L * 768 * 3072 + 2L * 128 * 768;
        assertThat(macs("bert-base")).isEqualTo(128 * 12 * perLayerPerToken + 768L * 768).isEqualTo(11_174_215_680L);
    }

    @Test
    void gpt2_on_128_tokens_has_11_173_625_856_macs() {
        // c_attn 3·768², c_proj 768², c_fc and mlp.c_proj 2·768·3072, attention 2·128·768; no head
        assertThat(macs("gpt2")).isEqualTo(128L * 12 * (4L * 768 * 768 + 2L * 768 * 3072 + 2L * 128 * 768))
                .isEqualTo(11_173_625_856L);
    }

    @Test
    void llama_2_7b_on_128_tokens_has_850_000_871_424_macs() {
        // per token: 32 layers of q, k, v, o (4·4096²), gate, up, down (3·4096·11008), attention (2·128·4096);
        // then lm_head's 32000·4096
        assertThat(macs("llama-2-7b"))
                .isEqualTo(128L * (32L * (4L * 4096 * 4096 + 3L * 4096 * 11008 + 2L * 128 * 4096) + 32000L * 4096))
                .isEqualTo(850_000_871_424L);
    }

    @Test
    void llama_2_70b_on_128_tokens_has_8_816_762_552_320_macs() {
        // per token: 80 layers of q and o (2·8192²), k and v (2·8192·1024), MLP (3·8192·28672), attention
        // (2·128·8192: 64 query heads of 128 over 128 keys); then lm_head's 32000·8192
        assertThat(macs("llama-2-70b"))
                .isEqualTo(128L * (80L * (2L * 8192 * 8192 + 2L * 8192 * 1024 + 3L * 8192 * 28672
                        + 2L * 128 * 8192) + 32000L * 8192))
                .isEqualTo(8_816_762_552_320L);
    }

    @Test
    void every_count_of_llama_2_70b_fits_in_a_long() {
        Analysis a = analyse("llama-2-70b");
        long terms = a.walk().mapToLong(x -> x.terms().size()).sum();
        assertThat(terms).isPositive();
        for (Term t : a.allTerms()) {
            assertThat(t.value()).as(t.name()).isNotNegative();
        }
        for (Convention c : Conventions.library()) {
            assertThat(c.count(a).total()).as(c.id()).isPositive();
        }
    }

    @Test
    void llama_2_70b_on_128_tokens_has_17_635_380_588_928_exact_operations() {
        long l = 128;
        long e = 8192;
        long h = 64;
        long hKv = 8;
        long d = 128;
        long f = 28672;
        long rmsNorm = l * (4 * e + 3);                 // per row: D squarings, D − 1 + 1 + 1 + 1 + 1, D + D
        long attention = l * h * d * (2 * e - 1)        // q_proj: E products and E − 1 sums per output
                + 2 * l * hKv * d * (2 * e - 1)         // k_proj, v_proj
                + 3 * (h + hKv) * l * d                 // rotary: 2 products and 1 sum per q and k element
                + h * l * l * (2 * d - 1)               // scores
                + 2 * h * l * l                         // scaling, causal mask
                + h * l * (5 * l - 1)                   // softmax: L − 1, L, L, L − 1, 1, L per row
                + h * l * d * (2 * l - 1)               // weights·v
                + l * e * (2 * h * d - 1);              // o_proj
        long mlp = 2 * l * f * (2 * e - 1)              // gate_proj, up_proj
                + 3 * l * f                             // SiLU: exp, addition, division
                + l * f                                 // gate · up
                + l * e * (2 * f - 1);                  // down_proj
        long layer = rmsNorm + attention + l * e + rmsNorm + mlp + l * e;   // with the two residual additions
        long total = 80 * layer + rmsNorm + l * 32000 * (2 * e - 1);        // final norm, lm_head
        assertThat(Conventions.EXACT.count(analyse("llama-2-70b")).total()).isEqualTo(total)
                .isEqualTo(17_635_380_588_928L);
    }

    @Test
    void a_count_of_llama_2_70b_that_does_not_fit_names_the_quantity_and_the_row() {
        ModelSpec spec = Catalogue.model("llama-2-70b").orElseThrow();
        // 2^20 sequences of 2^20 tokens: q_proj's 2^40 rows · 8192 · 8192 products exceed 2^63
        assertThatThrownBy(() -> spec.model().analyze(Shape.of(1L << 20, 1L << 20)))
                .isInstanceOf(CountOverflowException.class)
                .hasMessageStartingWith("layer model.layers.0.attention.body.self_attn.q_proj (Linear): Linear weight"
                        + " multiplications overflows long: M·H_out·H_in with M=1,099,511,627,776");
    }

    @Test
    void an_unknown_name_is_absent() {
        assertThat(Catalogue.model("resnet51")).isEmpty();
    }
}
