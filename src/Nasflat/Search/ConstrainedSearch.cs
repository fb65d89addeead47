using System.Diagnostics;
using Nasflat.Data;
using Nasflat.Experiments;
using Nasflat.Methods;
using Nasflat.Sampling;
using Nasflat.Spaces.Nb201;
using Nasflat.Training;
using Nasflat.Priors;

namespace Nasflat.Search;

/// <summary>
/// Latency-constrained NAS on NB201 that checks its own picks: a few-shot method (NASFLAT's predictor unless another is
/// given) learns from known devices and adapts to the target from k measurements, its scores are calibrated to
/// milliseconds on those k, the search runs under each constraint, verifies, and compares every pick with the truth
/// (true latency, and the oracle: the best architecture that truly meets the constraint). Repeated runs are the
/// method's trials, with seeds derived as in every benchmark.
/// </summary>
/// <param name="createMethod">A fresh instance of the method (one per run); null for NASFLAT's predictor.</param>
public sealed class ConstrainedSearch(Nb201Data data, ExperimentOptions predictor, IReadOnlyList<string> sources, Func<IFewShotMethod>? createMethod = null)
{
    public SearchResult Run(IReadOnlyList<SearchOptions> devices, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        foreach (var o in devices)
        {
            o.Validate();
            if (sources.Contains(o.Device))
                throw new NasflatException($"Target device '{o.Device}' is one of the pretraining devices; hold it out (change the sources).");
            data.Latency.IndexOf(o.Device);
        }
        var sourceRows = sources.Select(data.Latency.IndexOf).ToArray();
        int runs = devices.Max(d => d.Runs);
        int seed = devices[0].Seed;
        var picks = new List<SearchPick>();
        double pretrainSeconds = 0;
        var split = EvaluationSplit.For(EvaluationProtocol.Nasflat, data);

        for (int run = 0; run < runs; run++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var method = createMethod?.Invoke() ?? new NasflatMethod();
            var context = new MethodContext(data, predictor with { Seed = seed }, "search", run, sourceRows, split);
            foreach (var options in devices.Where(d => run < d.Runs))
            {
                progress?.Report($"run {run + 1}/{runs}: {method.Name} learning from {sources.Count} devices");
                var watch = Stopwatch.StartNew();
                method.Prepare(context, options.K, null, cancellation);
                pretrainSeconds += watch.Elapsed.TotalSeconds;
                progress?.Report($"run {run + 1}/{runs}: {options.Device}");
                picks.AddRange(SearchDevice(method, context, options, run, cancellation));
            }
        }
        return new SearchResult(devices, sources, picks, pretrainSeconds);
    }

    private IEnumerable<SearchPick> SearchDevice(IFewShotMethod method, MethodContext context, SearchOptions options, int run, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        var latency = data.Latency;
        int target = latency.IndexOf(options.Device);
        var accuracy = data.Accuracies.Test[options.Accuracy];
        var measured = latency.MeasuredArchitectures(target);
        var random = Seeds.Random(options.Seed, "search", run, options.Device);
        var sample = new SamplerFactory(data).Create(predictor.TransferSamplerFor(options.K), options.Device).Sample(measured, options.K, random);
        // The method's final state scores the whole space (NASFLAT: after its last fine-tuning epoch).
        var prediction = method.Predict(context, new TargetQuery(target, options.K, sample, Enumerable.Range(0, data.ArchitectureCount).ToList(), random), cancellation);
        var scores = prediction.Snapshots[^1].Select(s => (double)s).ToArray();
        // Scores become milliseconds through a monotone fit on the k measured samples.
        var calibration = LatencyCalibration.Fit(sample.Select(a => scores[a]).ToList(), sample.Select(a => latency.Column(target)[a]).ToList(), scores, options.Calibration);
        var predictedMs = scores.Select(calibration.Milliseconds).ToArray();
        double setupSeconds = watch.Elapsed.TotalSeconds;

        // Measurements already paid for: the k samples, with their true latencies.
        var known = sample.ToDictionary(a => a, a => latency.Column(target)[a]);
        double? Truth(int a) => latency.Latency(a, options.Device);

        foreach (double constraint in options.ConstraintsMs)
        {
            double oracle = measured.Where(a => latency.Column(target)[a] <= constraint).Select(a => accuracy[a]).DefaultIfEmpty(0).Max();
            foreach (var strategy in options.Strategies)
            {
                var searchWatch = Stopwatch.StartNew();
                var (pick, evaluated, verifications, verified) = strategy == SearchStrategy.MetaD2A
                    ? MetaD2A(predictedMs, accuracy, constraint)
                    : Evolution(predictedMs, scores, accuracy, constraint, options, known, Truth, Seeds.Random(options.Seed, "search", run, options.Device, constraint, "evolution"));
                double? trueMs = pick is { } p ? Truth(p) : null;
                yield return new SearchPick(options.Device, strategy, constraint, run, pick, pick is { } q ? data.ArchitectureText(q) : null,
                    pick is { } r ? predictedMs[r] : null, trueMs, pick is { } s ? accuracy[s] : null,
                    Violates: pick is null || trueMs is null || trueMs > constraint, verified, options.K + verifications, evaluated,
                    oracle, setupSeconds + searchWatch.Elapsed.TotalSeconds);
            }
        }
    }

    /// <summary>HELP's protocol: the first 3 MetaD2A candidates predicted to meet the constraint, the most accurate of them.</summary>
    private (int?, int, int, bool) MetaD2A(double[] predictedMs, IReadOnlyList<double> accuracy, double constraint)
    {
        var kept = new List<int>();
        int walked = 0;
        foreach (var candidate in data.MetaD2ACandidates)
        {
            walked++;
            if (predictedMs[candidate.Index] <= constraint) kept.Add(candidate.Index);
            if (kept.Count == 3) break;
        }
        return (kept.Count == 0 ? null : kept.MaxBy(a => accuracy[a]), walked, 0, false);
    }

    /// <summary>
    /// Evolution under the predicted latency, then verification. Each verification measures the candidate with the
    /// highest expected gain: the chance that it truly meets the constraint (<see cref="LatencyBelief"/>: calibrated
    /// prediction plus a correction learned from the measured architectures) times its accuracy above the best
    /// truly-feasible architecture measured so far. Candidates are the architectures the evolution evaluated plus the
    /// one-edge neighbours of every verified one, so verification can walk along the constraint boundary where the
    /// belief is sharpest. It stops at the budget or when no candidate's expected gain reaches <see cref="SearchOptions.MinimumExpectedGain"/>. The pick is the most
    /// accurate truly-feasible architecture among everything measured (the k samples included).
    /// </summary>
    private static (int?, int, int, bool) Evolution(double[] predictedMs, double[] scores, IReadOnlyList<double> accuracy, double constraint,
        SearchOptions options, Dictionary<int, double> known, Func<int, double?> truth, Random random)
    {
        var visited = RegularizedEvolution.Run(a => accuracy[a], a => predictedMs[a], constraint,
            options.EvolutionBudget, options.Population, options.TournamentSize, random);
        var candidates = new HashSet<int>(visited);
        var measured = new Dictionary<int, double>(known);
        double BestFeasible() => measured.Where(m => m.Value <= constraint).Select(m => accuracy[m.Key]).DefaultIfEmpty(accuracy.Min() - 1).Max();
        var belief = LatencyBelief.Fit(scores, measured, options.Calibration, options.Band);
        int verifications = 0;
        while (verifications < options.VerificationBudget)
        {
            double floor = BestFeasible();
            var next = candidates.Where(a => !measured.ContainsKey(a) && accuracy[a] > floor && truth(a) is not null)
                .Select(a => (Index: a, Gain: belief.ProbabilityWithin(a, constraint) * (accuracy[a] - floor))).Where(c => c.Gain > options.MinimumExpectedGain)
                .OrderByDescending(c => c.Gain).ThenBy(c => c.Index).Select(c => (int?)c.Index).FirstOrDefault();
            if (next is not { } candidate) break;
            verifications++;
            measured[candidate] = truth(candidate)!.Value;
            candidates.UnionWith(Nb201Index.Neighbours(candidate));
            belief = LatencyBelief.Fit(scores, measured, options.Calibration, options.Band);
        }
        var feasible = measured.Where(m => m.Value <= constraint).Select(m => m.Key).ToList();
        if (feasible.Count > 0) return (feasible.MaxBy(a => accuracy[a]), candidates.Count, verifications, true);
        // Nothing measured meets the constraint: return the best unverified guess, honestly flagged.
        var guess = candidates.Where(a => belief.Milliseconds(a) <= constraint).OrderByDescending(a => accuracy[a]).ThenBy(a => a).Cast<int?>().FirstOrDefault();
        return (guess, candidates.Count, verifications, false);
    }


}
