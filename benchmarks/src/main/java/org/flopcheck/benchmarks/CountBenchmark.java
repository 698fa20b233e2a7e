package org.flopcheck.benchmarks;

import java.util.concurrent.TimeUnit;
import org.flopcheck.catalogue.Catalogue;
import org.flopcheck.convention.Convention;
import org.flopcheck.convention.Conventions;
import org.flopcheck.convention.Outcome;
import org.flopcheck.layers.Analysis;
import org.flopcheck.spec.ModelSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Counting a catalogue model under every convention, in process. {@code analyseAndCount} is the whole count of
 * a model already read from its spec: the analysis (shapes, parameters, terms) and all eight conventions'
 * outcomes: each total and reported parameter count, or the tool's failure. {@code readAnalyseAndCount} adds
 * reading the spec text. {@code analyseCountAndExplain} also writes every convention's contributions (the
 * per-row, per-term explanation that {@code flopcheck count} and {@code compare} print), which a count alone does
 * not build. No analysis or count is kept between invocations: every invocation analyses the model afresh. What
 * depends on a layer's arguments alone is made once per layer, as torch makes a module's parameters once in
 * {@code __init__}: its compiled formulas when its class loads, and the parameter tensors of a convolution, linear
 * layer or batch norm at its first analysis. {@code readAnalyseAndCount} reads new layers every invocation, so it
 * pays for those too.
 *
 * <p>Run: {@code mvn -B -q package -DskipTests && java -jar benchmarks/target/benchmarks.jar}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CountBenchmark {
    @Param({"resnet50", "llama-2-70b"})
    public String model;

    private ModelSpec spec;

    @Setup
    public void read() {
        spec = Catalogue.model(model).orElseThrow();
    }

    @Benchmark
    public void analyseAndCount(Blackhole out) {
        Analysis a = spec.model().analyze(spec.inputs());
        for (Convention c : Conventions.all()) {
            Outcome o = c.outcome(a);
            out.consume(o);
        }
    }

    @Benchmark
    public void analyseCountAndExplain(Blackhole out) {
        Analysis a = spec.model().analyze(spec.inputs());
        for (Convention c : Conventions.all()) {
            Outcome o = c.outcome(a);
            if (o instanceof Outcome.Counted counted) {
                out.consume(counted.count().contributions());
            }
            out.consume(o);
        }
    }

    @Benchmark
    public void readAnalyseAndCount(Blackhole out) {
        ModelSpec s = Catalogue.model(model).orElseThrow();
        Analysis a = s.model().analyze(s.inputs());
        for (Convention c : Conventions.all()) {
            out.consume(c.outcome(a));
        }
    }
}
