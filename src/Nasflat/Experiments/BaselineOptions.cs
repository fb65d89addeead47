using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Nasflat.Spaces;

namespace Nasflat.Experiments;

/// <summary>The baselines' settings, kept with the experiment options so every report records them.</summary>
public sealed record BaselineOptions
{
    public HelpOptions Help { get; init; } = new();
    public MultiPredictOptions MultiPredict { get; init; } = new();
    public GbtOptions Gbt { get; init; } = new();

    public void Validate()
    {
        Help.Validate();
        MultiPredict.Validate();
        Gbt.Validate();
    }

    /// <summary>
    /// Settings from a JSON file laid over <paramref name="basis"/> (default: the defaults): properties the file leaves
    /// out keep the basis's values, so a preset's reduced settings survive a file that changes one of them. Errors name
    /// the file and line.
    /// </summary>
    public static BaselineOptions Read(string path, BaselineOptions? basis = null) => ReadOverlay(path)(basis ?? new BaselineOptions());

    /// <summary>
    /// The file read and checked once, as a function that lays it over any basis (a bench run has one preset per space).
    /// </summary>
    public static Func<BaselineOptions, BaselineOptions> ReadOverlay(string path)
    {
        if (!File.Exists(path)) throw new NasflatException($"Baseline settings file {path} does not exist.");
        string text = File.ReadAllText(path);
        var strict = new JsonSerializerOptions { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
        try
        {
            // Deserialised on its own first so that unknown names and wrong types are reported with the file's lines.
            _ = JsonSerializer.Deserialize<BaselineOptions>(text, strict)
                ?? throw new NasflatException($"{path} is empty; write e.g. {{\"Help\": {{\"Episodes\": 500}}}}.");
        }
        catch (JsonException e)
        {
            throw new NasflatException($"{path}, line {e.LineNumber + 1}: {e.Message} Fix the JSON; known sections are Help, MultiPredict and Gbt.");
        }
        var overrides = JsonNode.Parse(text)!.AsObject();
        return basis =>
        {
            var merged = JsonSerializer.SerializeToNode(basis)!.AsObject();
            Overlay(merged, overrides);
            var result = merged.Deserialize<BaselineOptions>(strict)!;
            try
            {
                result.Validate();
            }
            catch (NasflatException e)
            {
                throw new NasflatException($"{path}: {e.Message}");
            }
            return result;
        };
    }

    private static void Overlay(JsonObject into, JsonObject from)
    {
        foreach (var (name, value) in from)
        {
            if (value is JsonObject section && into[name] is JsonObject existing) Overlay(existing, section);
            else into[name] = value?.DeepClone();
        }
    }
}

/// <summary>HELP's settings as the NASFLAT authors ran it (paper-spec §9) and HELP's public defaults.</summary>
public sealed record HelpOptions
{
    public int Episodes { get; init; } = 2000;
    public int InnerTasks { get; init; } = 5;
    public double MetaLearningRate { get; init; } = 1e-4;
    public double InnerLearningRate { get; init; } = 1e-3;
    public int InnerSteps { get; init; } = 2;
    public bool SecondOrder { get; init; } = true;

    /// <summary>Meta-SGD: learn a rate per weight (HELP's default) instead of one fixed inner rate (MAML).</summary>
    public bool MetaSgd { get; init; } = true;

    /// <summary>The inference network whose sample z modulates the head (HELP's z).</summary>
    public bool Modulation { get; init; } = true;
    public double KlScaling { get; init; } = 0.1;
    public double ZScaling { get; init; } = 0.01;

    /// <summary>Samples of z averaged at prediction time.</summary>
    public int MonteCarloSamples { get; init; } = 10;
    public int LayerSize { get; init; } = 100;

    /// <summary>Query architectures per meta-training task.</summary>
    public int QueryPerTask { get; init; } = 200;

    /// <summary>
    /// Every this many episodes the meta-parameters are scored on held-out architectures of the source devices and the
    /// best are kept (HELP keeps its best episode on "meta-valid" devices); 0 keeps the last.
    /// </summary>
    public int ValidationInterval { get; init; } = 100;

    /// <summary>Source devices used for that validation.</summary>
    public int ValidationDevices { get; init; } = 3;

    public void Validate()
    {
        const string prefix = "Baselines.Help.";
        OptionChecks.AtLeast(prefix, (nameof(Episodes), Episodes, 1), (nameof(InnerTasks), InnerTasks, 1), (nameof(InnerSteps), InnerSteps, 1),
            (nameof(MonteCarloSamples), MonteCarloSamples, 1), (nameof(LayerSize), LayerSize, 1), (nameof(QueryPerTask), QueryPerTask, 2),
            (nameof(ValidationInterval), ValidationInterval, 0), (nameof(ValidationDevices), ValidationDevices, 1));
        OptionChecks.Positive(prefix, (nameof(MetaLearningRate), MetaLearningRate), (nameof(InnerLearningRate), InnerLearningRate));
        OptionChecks.NotNegative(prefix, (nameof(KlScaling), KlScaling), (nameof(ZScaling), ZScaling));
    }
}

/// <summary>
/// MultiPredict's settings: paper-spec §9 and the reference's published run configuration (encoder widths, 30-d
/// architecture embedding, 8-d device embedding, a head of 1000, batch 128, fine-tuning batch k/2 repeated 10 times).
/// </summary>
public sealed record MultiPredictOptions
{
    /// <summary>
    /// Zero-cost proxies and other features (FeatureCatalog names) read beside the architecture: the default ["zcp"] is
    /// MultiPredict's proxy-augmented representation (FBNet: its 13 proxies; NB201: FLOPs, params and zen, the proxies
    /// the data has for every cell; ["zcp13"] reads the 13 computed ones); [] is its plain architecture representation.
    /// </summary>
    public IReadOnlyList<string> Features { get; init; } = ["zcp"];

    /// <summary>Pretraining architectures per source device: 900 NB201, 4000 FBNet in the reference; 0 = that default.</summary>
    public int SourceArchitectures { get; init; }

    /// <summary>
    /// true: pair architectures with source devices as the reference's pretraining loader does. It lists the first
    /// 900 / 4000 architectures once per source and gives position p to source p mod (source count), so when the source
    /// count shares a factor g with the pool size each source sees only 1/g of the pool (g times each). false: every
    /// source learns from all of its first 900 / 4000 architectures.
    /// </summary>
    public bool ReferencePairing { get; init; }

    /// <summary>
    /// true: scale a new device's k latencies by the min and max of its whole measured table, as the reference does.
    /// That peeks at two numbers a new device does not have, so it exists only to reproduce the reference. false: scale
    /// them by their own min and max.
    /// </summary>
    public bool ScaleTargetByTable { get; init; }

    public int HardwareEmbeddingDim { get; init; } = 8;
    public int ArchitectureEmbeddingDim { get; init; } = 30;
    public IReadOnlyList<int> HeadHiddenDims { get; init; } = [1000];
    public int PretrainEpochs { get; init; } = 250;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 4e-4;
    public double WeightDecay { get; init; } = 5e-4;
    public int TransferEpochs { get; init; } = 50;
    public double TransferLearningRate { get; init; } = 1e-3;

    /// <summary>
    /// true: transfer fine-tunes only the device embeddings and the head, as MultiPredict's published run does; false:
    /// the architecture encoder too. null = per space, the setting that reproduces the paper's rerun (docs/baselines.md):
    /// frozen for FBNet, fine-tuned for NB201.
    /// </summary>
    public bool? FreezeEncoder { get; init; }

    /// <summary>Fine-tuning runs from the same pretrained weights, each on its own shuffle; their predictions are averaged.</summary>
    public int TransferRepeats { get; init; } = 10;

    /// <summary>
    /// true: transfer as the reference's code actually runs. Before each repeat it reloads a saved state dict that
    /// aliases the live weights (PyTorch's state_dict() does not copy), so nothing is restored: the repeats continue one
    /// another (10 × 50 epochs, each prediction averaged in), and each target device of a task starts from the weights
    /// the previous one ended with. false: every repeat starts from the pretrained weights.
    /// </summary>
    public bool ChainTransfers { get; init; }

    public bool FreezesEncoder(SearchSpaceKind space) => FreezeEncoder ?? space == SearchSpaceKind.Fbnet;

    public int SourceArchitecturesFor(SearchSpaceKind space) => SourceArchitectures > 0 ? SourceArchitectures : EvaluationSplit.HelpPoolSize(space);

    public void Validate()
    {
        const string prefix = "Baselines.MultiPredict.";
        OptionChecks.AtLeast(prefix, (nameof(SourceArchitectures), SourceArchitectures, 0), (nameof(HardwareEmbeddingDim), HardwareEmbeddingDim, 1),
            (nameof(ArchitectureEmbeddingDim), ArchitectureEmbeddingDim, 1), (nameof(PretrainEpochs), PretrainEpochs, 0), (nameof(BatchSize), BatchSize, 1),
            (nameof(TransferEpochs), TransferEpochs, 0), (nameof(TransferRepeats), TransferRepeats, 1));
        foreach (int width in HeadHiddenDims) OptionChecks.AtLeast(prefix + nameof(HeadHiddenDims), width, 1);
        OptionChecks.Positive(prefix, (nameof(LearningRate), LearningRate), (nameof(TransferLearningRate), TransferLearningRate));
        OptionChecks.NotNegative(prefix + nameof(WeightDecay), WeightDecay);
    }
}

/// <summary>Settings of the gradient-boosted-tree baseline.</summary>
public sealed record GbtOptions
{
    /// <summary>Architecture features (FeatureCatalog names); null = onehot + zcp.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Architectures per source device in the training rows (drawn from the protocol's pool).</summary>
    public int SourceArchitectures { get; init; } = 300;

    /// <summary>Share of the total example weight given to the target's k samples.</summary>
    public double TargetWeightShare { get; init; } = 0.25;

    public int Trees { get; init; } = 300;
    public int Leaves { get; init; } = 31;
    public double LearningRate { get; init; } = 0.05;
    public int MinimumLeafExamples { get; init; } = 10;

    public void Validate()
    {
        const string prefix = "Baselines.Gbt.";
        OptionChecks.AtLeast(prefix, (nameof(SourceArchitectures), SourceArchitectures, 1), (nameof(Trees), Trees, 1), (nameof(Leaves), Leaves, 2),
            (nameof(MinimumLeafExamples), MinimumLeafExamples, 1));
        OptionChecks.Fraction(prefix + nameof(TargetWeightShare), TargetWeightShare); // 1 would leave the sources no weight at all
        OptionChecks.Positive(prefix + nameof(LearningRate), LearningRate);
    }
}
