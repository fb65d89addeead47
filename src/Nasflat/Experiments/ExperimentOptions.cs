using Nasflat.Baselines;
using Nasflat.Models;
using Nasflat.Spaces;
using Nasflat.Training;
using Nasflat.Runs;

namespace Nasflat.Experiments;

/// <summary>
/// Everything that defines a transfer experiment; written next to its results so any number can be reproduced.
/// </summary>
public sealed record ExperimentOptions
{
    public PredictorOptions Predictor { get; init; } = new();
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Feature set fed to the predictor as a supplementary vector (see FeatureCatalog), or null for the plain GNN.</summary>
    public string? Supplementary { get; init; }

    /// <summary>Sampler spec for the shared pretraining set (see SamplerFactory).</summary>
    public string PretrainSampler { get; init; } = "random";

    /// <summary>Architectures per source device used for pretraining.</summary>
    public int PretrainSamplesPerDevice { get; init; } = 900;

    /// <summary>Sampler spec for the k measurements on each target device.</summary>
    public string TransferSampler { get; init; } = "random";

    /// <summary>
    /// Sampler spec for the k measurements below <see cref="SmallSampleBelow"/>; null: <see cref="TransferSampler"/>.
    /// A k-means sampler picks the member nearest each centroid, so with five clusters every seed measures nearly the
    /// same five architectures, and a device on which those five say little fails in every trial alike; random draws
    /// do not (ADR 0008).
    /// </summary>
    public string? SmallSampleSampler { get; init; }

    /// <summary>The sampler of the k target measurements: <see cref="SmallSampleSampler"/> below <see cref="SmallSampleBelow"/>, else <see cref="TransferSampler"/>.</summary>
    public string TransferSamplerFor(int k) => IsSmallSample(k) && SmallSampleSampler is { } small ? small : TransferSampler;

    /// <summary>
    /// How the structural prior (<see cref="Priors.StructuralRidge"/>, fitted on the target's k samples) is rank-blended
    /// with the transferred predictor's scores: <c>none</c> (the predictor alone, as the paper), <c>auto</c> or a
    /// weight (see <see cref="Priors.PriorBlend"/>).
    /// </summary>
    public string Prior { get; init; } = "none";

    /// <summary>
    /// Below this many target samples NASFLAT's predictor is blended with the device mixture instead of
    /// <see cref="Prior"/>, and its ranking is averaged with GBT's (trees fit on the sources and the samples) and FLOPs'
    /// (<c>Baselines.SmallSampleRecipe</c>); 0 never.
    /// On leave-one-device-out at k = 5 that ensemble beat every single method in both spaces, while at k = 10 the
    /// predictor alone was ahead on FBNet (ADR 0008).
    /// </summary>
    public int SmallSampleBelow { get; init; }

    /// <summary>How the small-sample recipe weighs its rankings: equally, or each by its Kendall τ on the k samples.</summary>
    public SmallSampleWeighting SmallSampleWeights { get; init; } = SmallSampleWeighting.Equal;

    /// <summary>Whether k target samples are few enough for the small-sample recipe (<see cref="SmallSampleBelow"/>).</summary>
    public bool IsSmallSample(int k) => k < SmallSampleBelow;

    /// <summary>
    /// From this many target samples on, where <see cref="Prior"/> is <c>auto</c>, the prior blended is whichever of the
    /// structural ridge and the device mixture has the higher held-out ρ on the samples (<c>--prior choose</c>); 0 never.
    /// On NB201, 20 samples pick the better prior often enough to gain on leave-one-device-out, while from 10 the pick
    /// cost this machine as a new device 0.02–0.05; on FBNet's paper tasks choosing lost even from 20 (ADR 0008).
    /// </summary>
    public int ChoosePriorFrom { get; init; }

    /// <summary>
    /// The prior NASFLAT's predictor blends with k samples: the device mixture under the small-sample recipe, the better
    /// of the ridge and the mixture from <see cref="ChoosePriorFrom"/> where <see cref="Prior"/> is <c>auto</c>, otherwise
    /// <see cref="Prior"/>.
    /// </summary>
    public Priors.PriorBlend PriorBlendFor(int k, bool smallSampleRecipe)
    {
        var configured = Priors.PriorBlend.Parse(Prior);
        if (smallSampleRecipe) return Priors.PriorBlend.Mixture;
        return ChoosePriorFrom > 0 && k >= ChoosePriorFrom && configured == Priors.PriorBlend.Auto ? Priors.PriorBlend.Choose : configured;
    }

    /// <summary>
    /// From this many target samples on, a GNN trained from scratch on them (<c>Baselines.ScratchMethod</c>) is
    /// cross-validated on the samples next to the fine-tuned predictor, and where it ranks the held-out samples at least
    /// as well its ranking is averaged with NASFLAT's; 0 never. With 50 samples five folds tell the two apart, which five
    /// samples cannot (ADR 0008).
    /// </summary>
    public int LargeSampleFrom { get; init; }

    /// <summary>Whether k target samples are enough for the large-sample check (<see cref="LargeSampleFrom"/>).</summary>
    public bool IsLargeSample(int k) => LargeSampleFrom > 0 && k >= LargeSampleFrom;

    /// <summary>FBNet's graph between layers: the reference identity (no messages) or a chain following the data flow.</summary>
    public Spaces.Fbnet.FbnetAdjacency FbnetAdjacency { get; init; } = Spaces.Fbnet.FbnetAdjacency.Identity;

    /// <summary>Which architectures methods learn from and are scored on (NASFLAT's protocol or HELP's own).</summary>
    public EvaluationProtocol Protocol { get; init; } = EvaluationProtocol.Nasflat;

    /// <summary>Settings of the baselines the comparison harness runs next to NASFLAT.</summary>
    public BaselineOptions Baselines { get; init; } = new();

    public IReadOnlyList<int> K { get; init; } = [20];
    public int Trials { get; init; } = 3;
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Run only these trials (0-based, out of <see cref="Trials"/>); null runs them all. Benchmark workers use it to
    /// share one task's trials: every random choice of a trial depends only on the seed, the task and the trial's
    /// index, so splitting changes no number.
    /// </summary>
    public IReadOnlyList<int>? TrialSubset { get; init; }

    /// <summary>The trials this run executes.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<int> TrialIndices => TrialSubset ?? Enumerable.Range(0, Trials).ToArray();

    /// <summary>Checks every option, the nested records' included; a bad value is one error naming the option.</summary>
    public void Validate()
    {
        Predictor.Validate();
        Training.Validate();
        Baselines.Validate();
        OptionChecks.AtLeast(nameof(Trials), Trials, 1);
        if (TrialSubset is { } subset && (subset.Count == 0 || subset.Distinct().Count() != subset.Count || subset.Any(t => t < 0 || t >= Trials)))
            throw new NasflatException($"{nameof(TrialSubset)} needs distinct trials between 0 and {Trials - 1} (got [{string.Join(", ", subset)}]).");
        OptionChecks.NotEmpty(nameof(K), K);
        foreach (int k in K) OptionChecks.AtLeast(nameof(K), k, 2); // the ranking loss needs pairs
        OptionChecks.AtLeast(nameof(PretrainSamplesPerDevice), PretrainSamplesPerDevice, 0);
        OptionChecks.AtLeast(nameof(SmallSampleBelow), SmallSampleBelow, 0);
        OptionChecks.AtLeast(nameof(LargeSampleFrom), LargeSampleFrom, 0);
        OptionChecks.AtLeast(nameof(ChoosePriorFrom), ChoosePriorFrom, 0);
        Priors.PriorBlend.Parse(Prior);
    }
}

/// <summary>The configurations behind the paper's headline table, adapted to the inputs Nasflat has (spec §7.6).</summary>
public static class ExperimentPresets
{
    /// <summary>
    /// The paper's recipe with the inputs every machine has at hand. NB201: the plain GNN (its own ablation §8.3 shows
    /// the plain GNN reaches the headline), 16 random pretraining architectures per source device, random transfer
    /// samples, transfer lr 3e-3 for 40 epochs, 5 trials. FBNet: GNN + the 13 zero-cost proxies, 800 pretraining
    /// architectures chosen by k-means on the proxies, transfer lr 1e-3 for 30 epochs, 3 trials. Both: ensemble GNN,
    /// op-wise device embedding initialised from the most correlated source device, full-batch fine-tuning, k = 20.
    /// Nasflat's default and its search start from it. Float32 arithmetic; a run takes bfloat16 only through
    /// <see cref="ForEnvironment"/> (same ρ within 0.01, checked by a test).
    /// </summary>
    public static ExperimentOptions Core(SearchSpaceKind space) => space == SearchSpaceKind.Nb201
        ? new ExperimentOptions
        {
            Training = new TrainingOptions { TransferLearningRate = 3e-3, TransferEpochs = 40 },
            PretrainSampler = "random",
            PretrainSamplesPerDevice = 16,
            TransferSampler = "random",
            Trials = 5,
        }
        : new ExperimentOptions
        {
            Predictor = new PredictorOptions { SupplementaryDim = 13 },
            Supplementary = "zcp",
            Training = new TrainingOptions { TransferLearningRate = 1e-3, TransferEpochs = 30 },
            PretrainSampler = "kmeans:zcp",
            PretrainSamplesPerDevice = 800,
            TransferSampler = "kmeans:zcp",
            Trials = 3,
        };

    /// <summary>
    /// The paper's headline configuration (spec §7.6): <see cref="Core"/> with the paper's samplers, which read learned
    /// encodings: on NB201 k-means on the CATE encoding, on FBNet on CAZ (arch2vec ‖ CATE ‖ the 13 proxies), for both the
    /// pretraining and the transfer sets. The encoders train once per machine and are cached (<c>nasflat encodings</c>).
    /// NB201 keeps the plain GNN where the paper fed CAZ as a supplementary input: CAZ needs the 13 proxies of every
    /// cell, which Nasflat computes itself (<c>nasflat proxies compute</c>, about an hour on 2 cores).
    /// </summary>
    public static ExperimentOptions Paper(SearchSpaceKind space) => space == SearchSpaceKind.Nb201
        ? Core(space) with { PretrainSampler = "kmeans:cate", TransferSampler = "kmeans:cate" }
        : Core(space) with { PretrainSampler = "kmeans:caz", TransferSampler = "kmeans:caz" };

    /// <summary>
    /// Nasflat's default (<c>nasflat bench</c>, <c>nasflat predict</c>): <see cref="Core"/> with the structural prior
    /// blended in by the k samples' own evidence (<c>--prior auto</c>); below 10 samples the device mixture as the
    /// prior and GBT's and FLOPs' rankings averaged in (<see cref="ExperimentOptions.SmallSampleBelow"/>), each ranking
    /// weighed by its Kendall τ on the samples, FLOPs more where its τ is high (<see cref="ExperimentOptions.SmallSampleWeights"/>), and the
    /// samples drawn at random in both spaces (<see cref="ExperimentOptions.SmallSampleSampler"/>); on NB201 from
    /// 20 samples the better of the ridge and the mixture on the samples (<see cref="ExperimentOptions.ChoosePriorFrom"/>);
    /// from 50 the scratch GNN where it cross-validates as well. docs/benchmark.md and ADR 0008 have the measurements.
    /// </summary>
    public static ExperimentOptions Headline(SearchSpaceKind space) => Core(space) with
    {
        Prior = "auto", SmallSampleBelow = 10, SmallSampleWeights = SmallSampleWeighting.SampleTauHeldOut, SmallSampleSampler = "random", LargeSampleFrom = 50,
        ChoosePriorFrom = space == SearchSpaceKind.Nb201 ? 20 : 0,
    };

    /// <summary>The presets <c>--preset</c> names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["nasflat", "paper"];

    public static Func<SearchSpaceKind, ExperimentOptions> Named(string name) => name.ToLowerInvariant() switch
    {
        "nasflat" => Headline,
        "paper" => Paper,
        _ => throw new NasflatException($"Unknown preset '{name}'; use one of {string.Join(", ", Names)}."),
    };

    /// <summary>
    /// The options in the precision the run's environment chose (<see cref="Native.PrecisionChoice"/>): presets are
    /// float32, the reference arithmetic every CPU has, and a run takes bfloat16 only through this one step, which the
    /// command line applies before the user's own settings.
    /// </summary>
    public static ExperimentOptions ForEnvironment(ExperimentOptions options, Native.PrecisionChoice precision) => precision.BFloat16
        // bfloat16 scoring is dominated by per-op overhead rather than cache misses, so it prefers larger batches.
        ? options with
        {
            Training = options.Training with { TrainingPrecision = TrainingPrecision.BFloat16Mixed, InferencePrecision = InferencePrecision.BFloat16, InferenceBatchSize = 1024 },
        }
        : options;

    /// <summary>
    /// <c>nasflat predict</c>'s all-device predictor: the headline recipe, but NB201 pretrains on 128 architectures
    /// per device instead of 16. It is trained once and cached, so the larger set costs about two minutes once. On a
    /// real CPU measured with <c>nasflat measure</c> it lifted ρ on 300 held-out architectures from 0.78 to 0.87; on four
    /// CPUs of the data held out of pretraining it changed nothing (0.944 with 16, 0.946 with 128), see docs/measurement.md.
    /// </summary>
    public static ExperimentOptions Predict(SearchSpaceKind space) => space == SearchSpaceKind.Nb201
        ? Headline(space) with { PretrainSamplesPerDevice = 128 }
        : Headline(space);

    /// <summary>
    /// <c>nasflat search</c>'s predictor: the NB201 paper recipe (no structural prior), in float32 on every CPU: a
    /// search's cost is its device measurements and its compute is seconds either way, so it keeps the reference
    /// arithmetic, with which its verification results (docs/search.md) were measured. The search uses the predictor's
    /// final state only, so one evaluated epoch is enough.
    /// </summary>
    public static ExperimentOptions Search(SearchSpaceKind space) => Core(space) with { Training = Core(space).Training with { EvaluationEpochs = 1 } };

    /// <summary>A smoke-test version of the headline: few epochs, one trial, small baselines.</summary>
    public static ExperimentOptions Quick(SearchSpaceKind space) => Quicken(Headline(space));

    /// <summary>A smoke-test version of any preset (so <c>--preset paper --quick</c> stays the paper's recipe).</summary>
    public static ExperimentOptions Quicken(ExperimentOptions preset)
    {
        return preset with
        {
            Training = preset.Training with { PretrainEpochs = 5, TransferEpochs = 6, EvaluationEpochs = 2 },
            PretrainSamplesPerDevice = Math.Min(preset.PretrainSamplesPerDevice, 64),
            Trials = 1,
            Baselines = new BaselineOptions
            {
                Help = new HelpOptions { Episodes = 100, MonteCarloSamples = 2, ValidationInterval = 50 },
                MultiPredict = new MultiPredictOptions { SourceArchitectures = 300, PretrainEpochs = 20, TransferEpochs = 10, TransferRepeats = 2 },
                Gbt = new GbtOptions { SourceArchitectures = 100, Trees = 100 },
            },
        };
    }
}

/// <summary>How the small-sample recipe weighs its members' rankings (<c>--small-sample-weights</c>).</summary>
public enum SmallSampleWeighting
{
    /// <summary>All rankings count the same (the recipe until 2026-12-05).</summary>
    Equal,

    /// <summary>Each ranking counts by its Kendall τ on the k samples (<see cref="Methods.SampleTauWeights.Weights"/>; the recipe of 2026-12-05).</summary>
    SampleTau,

    /// <summary>
    /// As <see cref="SampleTau"/>, and a ranking that never read the samples (FLOPs) gains up to
    /// <see cref="Methods.SampleTauWeights.HeldOutBonus"/> more as its τ on them nears 1.
    /// </summary>
    SampleTauHeldOut,
}
