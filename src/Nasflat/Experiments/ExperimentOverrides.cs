using Nasflat.Models;
using Nasflat.Training;

namespace Nasflat.Experiments;

/// <summary>
/// Optional changes to a preset, as a user gives them on the command line. Null means "keep the preset's value".
/// </summary>
public sealed record ExperimentOverrides
{
    public IReadOnlyList<int>? K { get; init; }
    public int? Trials { get; init; }
    public int? Seed { get; init; }
    public GnnType? Gnn { get; init; }
    public HardwareEmbeddingMode? HardwareEmbedding { get; init; }
    public EmbeddingTransfer? EmbeddingTransfer { get; init; }
    public PairScoring? PairScoring { get; init; }
    public AttentionMasking? AttentionMasking { get; init; }
    public bool? UseEndpointOperationLabels { get; init; }
    public bool? FlopsPrior { get; init; }
    public string? Prior { get; init; }
    public Spaces.Fbnet.FbnetAdjacency? FbnetAdjacency { get; init; }

    /// <summary>Feature set for the supplementary input; "none" removes it.</summary>
    public string? Supplementary { get; init; }
    public string? PretrainSampler { get; init; }
    public int? PretrainSamplesPerDevice { get; init; }
    public string? TransferSampler { get; init; }
    public int? PretrainEpochs { get; init; }
    public double? PretrainLearningRate { get; init; }
    public int? TransferEpochs { get; init; }
    public double? TransferLearningRate { get; init; }
    public int? TransferBatchSize { get; init; }
    public InferencePrecision? InferencePrecision { get; init; }
    public TrainingPrecision? TrainingPrecision { get; init; }

    /// <summary>Applies the overrides; the supplementary width follows the chosen feature set.</summary>
    public ExperimentOptions ApplyTo(ExperimentOptions preset, Func<string, int> featureWidth)
    {
        string? supplementary = Supplementary is null ? preset.Supplementary
            : Supplementary.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : Supplementary;
        var training = preset.Training with
        {
            EmbeddingTransfer = EmbeddingTransfer ?? preset.Training.EmbeddingTransfer,
            PairScoring = PairScoring ?? preset.Training.PairScoring,
            PretrainEpochs = PretrainEpochs ?? preset.Training.PretrainEpochs,
            PretrainLearningRate = PretrainLearningRate ?? preset.Training.PretrainLearningRate,
            TransferEpochs = TransferEpochs ?? preset.Training.TransferEpochs,
            TransferLearningRate = TransferLearningRate ?? preset.Training.TransferLearningRate,
            TransferBatchSize = TransferBatchSize ?? preset.Training.TransferBatchSize,
            InferencePrecision = InferencePrecision ?? preset.Training.InferencePrecision,
            TrainingPrecision = TrainingPrecision ?? preset.Training.TrainingPrecision,
        };
        if (training.EvaluationEpochs > training.TransferEpochs)
            training = training with { EvaluationEpochs = training.TransferEpochs };
        return preset with
        {
            K = K ?? preset.K,
            Trials = Trials ?? preset.Trials,
            Seed = Seed ?? preset.Seed,
            Supplementary = supplementary,
            PretrainSampler = PretrainSampler ?? preset.PretrainSampler,
            PretrainSamplesPerDevice = PretrainSamplesPerDevice ?? preset.PretrainSamplesPerDevice,
            TransferSampler = TransferSampler ?? preset.TransferSampler,
            FbnetAdjacency = FbnetAdjacency ?? preset.FbnetAdjacency,
            Prior = Prior ?? preset.Prior,
            Predictor = preset.Predictor with
            {
                Gnn = Gnn ?? preset.Predictor.Gnn,
                HardwareEmbedding = HardwareEmbedding ?? preset.Predictor.HardwareEmbedding,
                AttentionMasking = AttentionMasking ?? preset.Predictor.AttentionMasking,
                UseEndpointOperationLabels = UseEndpointOperationLabels ?? preset.Predictor.UseEndpointOperationLabels,
                FlopsPrior = FlopsPrior ?? preset.Predictor.FlopsPrior,
                SupplementaryDim = supplementary is null ? 0 : featureWidth(supplementary),
            },
            Training = training,
        };
    }
}
