package io.vigie.benchmarks;

import io.vigie.alerting.news2.News2;
import io.vigie.alerting.rules.DefaultRules;
import io.vigie.alerting.rules.Evaluator;
import io.vigie.alerting.rules.Observation;
import io.vigie.alerting.rules.Rule;
import io.vigie.alerting.rules.Verdict;
import io.vigie.events.patient.CarePlanV1;
import io.vigie.events.patient.MonitoringProgram;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CPU cost of judging one reading, without I/O: alerting-service loads the patient's earlier readings for the
 * rules' windows, then runs these pure functions. The evidence is what a monitored patient produces: a smart textile
 * every minute (heart rate, respiration rate, SpO2, temperature: 240 readings in NEWS2's 1 h window), a blood pressure
 * every 4 h and a weight every morning for the 72 h weight-gain window.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar} (see docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEvaluationBenchmark {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    CarePlanV1 plan;
    List<Rule> rules;
    List<Observation> lastHour;
    List<Observation> weights;
    List<Observation> spo2Minutes;
    Observation spo2Reading;
    Observation weightReading;
    News2.Input news2Input;

    @Setup
    public void setUp() {
        plan = new CarePlanV1(UUID.randomUUID(), CarePlanV1.TYPE, 1, NOW, "patient-service", "hopital-nord", UUID.randomUUID(), 78, false, true,
                false, List.of(enrollment(MonitoringProgram.RESPIRATORY_FAILURE), enrollment(MonitoringProgram.HEART_FAILURE)), List.of());
        rules = DefaultRules.effective(plan, LocalDate.ofInstant(NOW, ZoneOffset.UTC), List.of());
        lastHour = new ArrayList<>();
        spo2Minutes = new ArrayList<>();
        for (int m = 60; m >= 1; m--) {
            Instant at = NOW.minus(Duration.ofMinutes(m));
            lastHour.add(obs("8867-4", 88 + m % 5, at));
            lastHour.add(obs("9279-1", 19 + m % 3, at));
            Observation s = obs("2708-6", m < 3 ? 88 : 94, at);
            lastHour.add(s);
            spo2Minutes.add(s);
            lastHour.add(obs("8310-5", 37.1, at));
        }
        lastHour.add(new Observation(UUID.randomUUID(), UUID.randomUUID(), "85354-9", null, null, Map.of("8480-6", 112.0, "8462-4", 71.0),
                NOW.minus(Duration.ofMinutes(50)), true));
        weights = new ArrayList<>();
        for (int d = 3; d >= 1; d--) {
            weights.add(obs("29463-7", 78.4 + (3 - d) * 0.4, NOW.minus(Duration.ofDays(d)).plusSeconds(60)));
        }
        spo2Reading = obs("2708-6", 87, NOW);
        weightReading = obs("29463-7", 80.7, NOW);
        news2Input = new News2.Input(22.0, 91.0, 1, false, 104.0, 112.0, "A", 38.4, 78, false);
    }

    static CarePlanV1.Enrollment enrollment(MonitoringProgram p) {
        return new CarePlanV1.Enrollment(UUID.randomUUID(), p, LocalDate.of(2026, 11, 1), null, null, null, null);
    }

    static Observation obs(String code, double value, Instant at) {
        return new Observation(UUID.randomUUID(), UUID.randomUUID(), code, value, null, null, at, true);
    }

    /** NEWS2 from the seven parameters (the table of CLINICAL.md). */
    @Benchmark
    public News2.Score news2Score() {
        return News2.score(news2Input);
    }

    /** Desaturation: SpO2 &lt; 90 % sustained 60 s or on 2 consecutive readings, against the last hour. */
    @Benchmark
    public Verdict desaturationThreshold() {
        return Evaluator.threshold(DefaultRules.DESATURATION, spo2Reading, spo2Minutes);
    }

    /** Heart-failure weight gain: +2 kg against the lowest weight of 72 h. */
    @Benchmark
    public Verdict weightGainTrend() {
        return Evaluator.trend(DefaultRules.WEIGHT_GAIN, weightReading, weights);
    }

    /** NEWS2 rule: latest value of each parameter in the 1 h window (241 readings), then the score. */
    @Benchmark
    public Verdict news2Rule() {
        return Evaluator.news2(DefaultRules.NEWS2, spo2Reading, lastHour, plan);
    }

    /** Everything one SpO2 reading of this patient goes through: each of their rules that looks at SpO2. */
    @Benchmark
    public void allRulesForOneReading(Blackhole bh) {
        for (Rule r : rules) {
            if (!r.enabled() || !r.codes().contains(spo2Reading.code())) {
                continue;
            }
            bh.consume(switch (r.kind()) {
                case THRESHOLD -> Evaluator.threshold(r, spo2Reading, lastHour);
                case TREND -> Evaluator.trend(r, spo2Reading, weights);
                case NEWS2 -> Evaluator.news2(r, spo2Reading, lastHour, plan);
                default -> null;
            });
        }
    }
}
