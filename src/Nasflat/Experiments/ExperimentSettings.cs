using System.Globalization;
using Nasflat.Models;
using Nasflat.Spaces.Fbnet;
using Nasflat.Training;

namespace Nasflat.Experiments;

/// <summary>
/// One option of an experiment as a user sets it: its command-line name, what it changes, and how it reads and writes
/// the options record. The table of them (<see cref="ExperimentSettings.All"/>) is the only declaration: the CLI makes
/// its options from it, with help text that shows the preset's actual value.
/// </summary>
public abstract record ExperimentSetting(string Name, string Description)
{
    /// <summary>The current value in the options, as text (for help and reports).</summary>
    public abstract string Show(ExperimentOptions options);

    /// <summary>Lets a front end handle the setting with its value type.</summary>
    public abstract TResult Accept<TResult>(IExperimentSettingVisitor<TResult> visitor);
}

/// <summary>A setting whose values are of type <typeparamref name="T"/>.</summary>
public sealed record ExperimentSetting<T>(string Name, string Description, Func<ExperimentOptions, T> Get, Func<ExperimentOptions, T, ExperimentOptions> Set)
    : ExperimentSetting(Name, Description)
{
    public override string Show(ExperimentOptions options) => Get(options) switch
    {
        null => "none",
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        bool b => b ? "on" : "off",
        var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// The options with this setting changed, checked: a value the options refuse is one error that names this setting,
    /// the value and the reason.
    /// </summary>
    public ExperimentOptions Apply(ExperimentOptions options, T value)
    {
        var changed = Set(options, value);
        try
        {
            changed.Validate();
        }
        catch (NasflatException e)
        {
            throw new NasflatException($"{Name} {Convert.ToString(value, CultureInfo.InvariantCulture)}: {e.Message}");
        }
        return changed;
    }

    public override TResult Accept<TResult>(IExperimentSettingVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Something done with a setting that depends on its value type (e.g. making a typed command-line option).</summary>
public interface IExperimentSettingVisitor<out TResult>
{
    TResult Visit<T>(ExperimentSetting<T> setting);
}

/// <summary>Every experiment option a user can set, in the order help lists them.</summary>
public static class ExperimentSettings
{
    public static IReadOnlyList<ExperimentSetting> All { get; } =
    [
        new ExperimentSetting<string>("-k", "Target samples, e.g. 5,10,20.",
            o => string.Join(",", o.K), (o, v) => o with { K = ParseInts(v, "-k") }),
        new ExperimentSetting<int>("--trials", "Trials per task.", o => o.Trials, (o, v) => o with { Trials = v }),
        new ExperimentSetting<int>("--seed", "Root seed of every random choice.", o => o.Seed, (o, v) => o with { Seed = v }),
        new ExperimentSetting<GnnType>("--gnn", "Dense, Gat or Ensemble.", o => o.Predictor.Gnn, (o, v) => o with { Predictor = o.Predictor with { Gnn = v } }),
        new ExperimentSetting<HardwareEmbeddingMode>("--hw-embedding", "OpWise or ToMlp.",
            o => o.Predictor.HardwareEmbedding, (o, v) => o with { Predictor = o.Predictor with { HardwareEmbedding = v } }),
        new ExperimentSetting<EmbeddingTransfer>("--embedding-init", "MostCorrelated, CorrelationWeighted (ρ-weighted mix of the top 3 sources) or None.",
            o => o.Training.EmbeddingTransfer, (o, v) => o with { Training = o.Training with { EmbeddingTransfer = v } }),
        new ExperimentSetting<PairScoring>("--pair-scoring", "SharedForward (one pass per batch) or TwoPass (the reference).",
            o => o.Training.PairScoring, (o, v) => o with { Training = o.Training with { PairScoring = v } }),
        new ExperimentSetting<AttentionMasking>("--attention-masking", "Multiplicative (the reference) or Exclusive (−∞ for non-neighbours).",
            o => o.Predictor.AttentionMasking, (o, v) => o with { Predictor = o.Predictor with { AttentionMasking = v } }),
        new ExperimentSetting<bool>("--endpoint-labels", "Keep the first/last node's operation label (the reference drops them; matters for FBNet).",
            o => o.Predictor.UseEndpointOperationLabels, (o, v) => o with { Predictor = o.Predictor with { UseEndpointOperationLabels = v } }),
        new ExperimentSetting<bool>("--flops-prior", "Add a device-weighted log-FLOPs term to the score (weight learned from the device embedding).",
            o => o.Predictor.FlopsPrior, (o, v) => o with { Predictor = o.Predictor with { FlopsPrior = v } }),
        new ExperimentSetting<string>("--prior", "Rank-blend the predictor with a ridge regression on operation counts, FLOPs and params fitted on the " +
            "k samples: none (the paper), auto (weights from the samples), mixture (blend the device mixture of the sources instead, weights " +
            "from the samples), choose (whichever of the two has the higher held-out ρ on the samples, weights from the samples) or a weight in (0, 1].", o => o.Prior, (o, v) => o with { Prior = v }),
        new ExperimentSetting<int>("--small-sample-below", "Below this k, blend the predictor with the device mixture and average its ranking " +
            "with GBT's and FLOPs' (0 = never).", o => o.SmallSampleBelow, (o, v) => o with { SmallSampleBelow = v }),
        new ExperimentSetting<SmallSampleWeighting>("--small-sample-weights", "How the small-sample recipe weighs its rankings: Equal, or " +
            "SampleTau (each by its Kendall τ on the k samples, at least 0.3) or SampleTauHeldOut (as SampleTau, and FLOPs, which never reads the " +
            "samples, gains weight as its τ on them nears 1).", o => o.SmallSampleWeights, (o, v) => o with { SmallSampleWeights = v }),
        new ExperimentSetting<int>("--choose-prior-from", "From this k on, where --prior is auto, blend whichever of the structural ridge " +
            "and the device mixture has the higher held-out ρ on the samples, as --prior choose (0 = never).",
            o => o.ChoosePriorFrom, (o, v) => o with { ChoosePriorFrom = v }),
        new ExperimentSetting<int>("--large-sample-from", "From this k on, average in the ranking of a GNN trained from scratch on the samples " +
            "where its cross-validated ρ on them is at least the predictor's (0 = never).", o => o.LargeSampleFrom, (o, v) => o with { LargeSampleFrom = v }),
        new ExperimentSetting<FbnetAdjacency>("--fbnet-graph", "FBNet layer graph: Identity (the reference) or Chain.",
            o => o.FbnetAdjacency, (o, v) => o with { FbnetAdjacency = v }),
        new ExperimentSetting<string>("--supplementary", "Supplementary input feature set (e.g. zcp) or 'none'.",
            o => o.Supplementary ?? "none", (o, v) => o with { Supplementary = v.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : v }),
        new ExperimentSetting<string>("--pretrain-sampler", "Sampler of the pretraining set, e.g. random, kmeans:zcp.",
            o => o.PretrainSampler, (o, v) => o with { PretrainSampler = v }),
        new ExperimentSetting<int>("--pretrain-samples", "Pretraining architectures per source device.",
            o => o.PretrainSamplesPerDevice, (o, v) => o with { PretrainSamplesPerDevice = v }),
        new ExperimentSetting<string>("--sampler", "Sampler of the k target measurements, e.g. random, latency, kmeans:zcp; at every k " +
            "unless --small-sample-sampler is given too.", o => o.TransferSampler, (o, v) => o with { TransferSampler = v, SmallSampleSampler = null }),
        new ExperimentSetting<string>("--small-sample-sampler", "Sampler of the k target measurements below --small-sample-below, or 'none' for " +
            "--sampler's.", o => o.SmallSampleSampler ?? "none",
            (o, v) => o with { SmallSampleSampler = v.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : v }),
        new ExperimentSetting<int>("--epochs", "Pretraining epochs.",
            o => o.Training.PretrainEpochs, (o, v) => o with { Training = o.Training with { PretrainEpochs = v } }),
        new ExperimentSetting<double>("--lr", "Pretraining learning rate.",
            o => o.Training.PretrainLearningRate, (o, v) => o with { Training = o.Training with { PretrainLearningRate = v } }),
        new ExperimentSetting<int>("--transfer-epochs", "Fine-tuning epochs (ρ is averaged over the last min(4, this) of them).",
            o => o.Training.TransferEpochs, (o, v) => o with
            {
                Training = o.Training with { TransferEpochs = v, EvaluationEpochs = Math.Clamp(o.Training.EvaluationEpochs, 1, Math.Max(1, v)) },
            }),
        new ExperimentSetting<double>("--transfer-lr", "Fine-tuning learning rate.",
            o => o.Training.TransferLearningRate, (o, v) => o with { Training = o.Training with { TransferLearningRate = v } }),
        new ExperimentSetting<int>("--transfer-batch", "Fine-tuning batch size (0 = all k in one batch).",
            o => o.Training.TransferBatchSize, (o, v) => o with { Training = o.Training with { TransferBatchSize = v } }),
        new ExperimentSetting<InferencePrecision>("--inference-precision", "Whole-space scoring in Float32 or BFloat16 (a bfloat16 copy of the model); " +
            "the default follows NASFLAT_PRECISION.", o => o.Training.InferencePrecision, (o, v) => o with { Training = o.Training with { InferencePrecision = v } }),
        new ExperimentSetting<TrainingPrecision>("--training-precision", "Float32 or BFloat16Mixed (forward/backward in bfloat16; weights, optimizer " +
            "and loss in float32); the default follows NASFLAT_PRECISION.", o => o.Training.TrainingPrecision, (o, v) => o with { Training = o.Training with { TrainingPrecision = v } }),
    ];

    /// <summary>The setting named <paramref name="name"/> (e.g. "--epochs").</summary>
    public static ExperimentSetting Find(string name) => All.FirstOrDefault(s => s.Name == name)
        ?? throw new NasflatException($"Unknown setting '{name}'; the settings are {string.Join(", ", All.Select(s => s.Name))}.");

    /// <summary>
    /// The supplementary input's width follows the chosen feature set; it depends on the data, so it is set once the
    /// settings are applied.
    /// </summary>
    public static ExperimentOptions WithSupplementaryWidth(ExperimentOptions options, Func<string, int> featureWidth) => options with
    {
        Predictor = options.Predictor with { SupplementaryDim = options.Supplementary is null ? 0 : featureWidth(options.Supplementary) },
    };

    private static int[] ParseInts(string text, string option) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new NasflatException($"{option}: '{s}' is not a whole number; write e.g. 5,10,20."))
        .ToArray();
}
