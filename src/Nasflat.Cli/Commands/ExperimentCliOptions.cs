using System.CommandLine;
using System.Globalization;
using Nasflat.Data;
using Nasflat.Encodings;
using Nasflat.Experiments;
using Nasflat.Models;
using Nasflat.Spaces;
using Nasflat.Spaces.Fbnet;
using Nasflat.Training;

namespace Nasflat.Cli.Commands;

/// <summary>The model, sampler and training options shared by every command that trains predictors.</summary>
internal static class ExperimentCliOptions
{
    private static readonly Option<string?> Preset = new("--preset") { Description = "Starting configuration: nasflat (the default: the paper's recipe plus the structural prior) or paper (the paper's recipe alone)." };
    private static readonly Option<bool> Quick = new("--quick") { Description = "Smoke-test preset: few epochs, one trial." };
    private static readonly Option<string?> K = new("-k") { Description = "Target samples, e.g. 5,10,20 (default 20)." };
    private static readonly Option<int?> Trials = new("--trials") { Description = "Trials per task (default 5 for NB201, 3 for FBNet)." };
    private static readonly Option<int?> Seed = new("--seed") { Description = "Root seed of every random choice (default 42)." };
    private static readonly Option<GnnType?> Gnn = new("--gnn") { Description = "Dense, Gat or Ensemble (default)." };
    private static readonly Option<HardwareEmbeddingMode?> HwEmbedding = new("--hw-embedding") { Description = "OpWise (default) or ToMlp." };
    private static readonly Option<EmbeddingTransfer?> EmbeddingInit = new("--embedding-init") { Description = "MostCorrelated (default), CorrelationWeighted (ρ-weighted mix of the top 3 sources) or None." };
    private static readonly Option<PairScoring?> Pairs = new("--pair-scoring") { Description = "SharedForward (default, one pass per batch) or TwoPass (the reference)." };
    private static readonly Option<AttentionMasking?> Masking = new("--attention-masking") { Description = "Multiplicative (the reference, default) or Exclusive (−∞ for non-neighbours)." };
    private static readonly Option<bool?> FlopsPrior = new("--flops-prior") { Description = "Add a device-weighted log-FLOPs term to the score (weight learned from the device embedding)." };
    private static readonly Option<string?> Prior = new("--prior") { Description = "Rank-blend the predictor with a ridge regression on operation counts, FLOPs and params fitted on the k samples: none (the paper), auto (weights from the samples) or a weight in (0, 1]." };
    private static readonly Option<bool?> EndpointLabels = new("--endpoint-labels") { Description = "Keep the first/last node's operation label (the reference drops them; matters for FBNet)." };
    private static readonly Option<FbnetAdjacency?> FbnetGraph = new("--fbnet-graph") { Description = "FBNet layer graph: Identity (the reference, default) or Chain." };
    private static readonly Option<string?> Supplementary = new("--supplementary") { Description = "Supplementary input feature set (e.g. zcp) or 'none'." };
    private static readonly Option<string?> PretrainSampler = new("--pretrain-sampler") { Description = "Sampler of the pretraining set, e.g. random, kmeans:zcp." };
    private static readonly Option<int?> PretrainSamples = new("--pretrain-samples") { Description = "Pretraining architectures per source device." };
    private static readonly Option<string?> Sampler = new("--sampler") { Description = "Sampler of the k target measurements, e.g. random, latency, kmeans:zcp." };
    private static readonly Option<int?> Epochs = new("--epochs") { Description = "Pretraining epochs (default 150)." };
    private static readonly Option<double?> Lr = new("--lr") { Description = "Pretraining learning rate (default 1e-3)." };
    private static readonly Option<int?> TransferEpochs = new("--transfer-epochs") { Description = "Fine-tuning epochs (NB201 40, FBNet 30)." };
    private static readonly Option<double?> TransferLr = new("--transfer-lr") { Description = "Fine-tuning learning rate (NB201 3e-3, FBNet 1e-3)." };
    private static readonly Option<int?> TransferBatch = new("--transfer-batch") { Description = "Fine-tuning batch size (default 0 = all k in one batch)." };
    private static readonly Option<TrainingPrecision?> TrainPrecision = new("--training-precision") { Description = "Float32 or BFloat16Mixed (forward/backward in bfloat16; weights, optimizer and loss in float32); default from NASFLAT_PRECISION (auto: BFloat16Mixed on CPUs with AVX-512 BF16/AMX-BF16, else Float32)." };
    private static readonly Option<InferencePrecision?> Precision = new("--inference-precision") { Description = "Whole-space scoring in Float32 or BFloat16 (a bfloat16 copy of the model); default from NASFLAT_PRECISION (auto: BFloat16 on CPUs with AVX-512 BF16/AMX-BF16, else Float32)." };

    public static void AddTo(Command command)
    {
        foreach (var option in new Option[] { Preset, Quick, K, Trials, Seed, Gnn, HwEmbedding, EmbeddingInit, Pairs, Masking, EndpointLabels, FlopsPrior, Prior, FbnetGraph,
                     Supplementary, PretrainSampler, PretrainSamples, Sampler, Epochs, Lr, TransferEpochs, TransferLr, TransferBatch, Precision, TrainPrecision })
            command.Options.Add(option);
    }

    /// <summary>The preset for a space (headline, or quick with --quick) with the user's overrides applied.</summary>
    /// <param name="preset">The configuration the command starts from unless --preset names one (default: Nasflat's).</param>
    public static ExperimentOptions For(ParseResult parse, DataCatalog catalog, SearchSpaceKind space, Func<SearchSpaceKind, ExperimentOptions>? preset = null)
    {
        var overrides = new ExperimentOverrides
        {
            K = parse.GetValue(K) is { } ks ? ParseInts(ks, "-k") : null,
            Trials = parse.GetValue(Trials),
            Seed = parse.GetValue(Seed),
            Gnn = parse.GetValue(Gnn),
            HardwareEmbedding = parse.GetValue(HwEmbedding),
            EmbeddingTransfer = parse.GetValue(EmbeddingInit),
            PairScoring = parse.GetValue(Pairs),
            AttentionMasking = parse.GetValue(Masking),
            UseEndpointOperationLabels = parse.GetValue(EndpointLabels),
            FlopsPrior = parse.GetValue(FlopsPrior),
            Prior = parse.GetValue(Prior),
            FbnetAdjacency = parse.GetValue(FbnetGraph),
            Supplementary = parse.GetValue(Supplementary),
            PretrainSampler = parse.GetValue(PretrainSampler),
            PretrainSamplesPerDevice = parse.GetValue(PretrainSamples),
            TransferSampler = parse.GetValue(Sampler),
            PretrainEpochs = parse.GetValue(Epochs),
            PretrainLearningRate = parse.GetValue(Lr),
            TransferEpochs = parse.GetValue(TransferEpochs),
            TransferLearningRate = parse.GetValue(TransferLr),
            TransferBatchSize = parse.GetValue(TransferBatch),
            InferencePrecision = parse.GetValue(Precision),
            TrainingPrecision = parse.GetValue(TrainPrecision),
        };
        if (parse.GetValue(Preset) is { } named) preset = ExperimentPresets.Named(named);
        var start = (preset ?? ExperimentPresets.Headline)(space);
        if (parse.GetValue(Quick)) start = ExperimentPresets.Quicken(start);
        return overrides.ApplyTo(start, name => FeatureCatalog.Build(catalog.Space(space), name).Columns);
    }

    private static int[] ParseInts(string text, string option) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new NasflatException($"{option}: '{s}' is not a whole number; write e.g. 5,10,20."))
        .ToArray();
}
