namespace Nasflat.Training;

/// <summary>How pairs are scored by the ranking loss.</summary>
public enum PairScoring
{
    /// <summary>Score each architecture of the batch once and index the pairs (fast; one dropout mask per architecture).</summary>
    SharedForward,
    /// <summary>The reference: two separate forward passes over the pairs' first and second members.</summary>
    TwoPass,
}

/// <summary>How the new device's embedding is initialised before fine-tuning.</summary>
public enum EmbeddingTransfer
{
    /// <summary>Keep the untrained random row (the reference without <c>--transfer_hwemb</c>).</summary>
    None,
    /// <summary>Copy the row of the source device whose latencies correlate best with the k samples (NASFLAT).</summary>
    MostCorrelated,
    /// <summary>
    /// Mix the rows of the three best-correlated sources, weighted by their ρ on the k samples: a hedge when k
    /// samples cannot tell those sources apart (an idea the paper's study suggests, not its recipe).
    /// </summary>
    CorrelationWeighted,
}

/// <summary>Number format of inference.</summary>
public enum InferencePrecision
{
    Float32,
    BFloat16,
}

/// <summary>Number format of training.</summary>
public enum TrainingPrecision
{
    /// <summary>Everything in float32 (the reference).</summary>
    Float32,
    /// <summary>Forward and backward in bfloat16 on a working copy; weights, optimizer and loss in float32.</summary>
    BFloat16Mixed,
}

/// <summary>Optimisation settings. Defaults are the paper's (spec §7); the per-space transfer settings live in presets.</summary>
public sealed record TrainingOptions
{
    public int PretrainEpochs { get; init; } = 150;
    public double PretrainLearningRate { get; init; } = 1e-3;
    public int PretrainBatchSize { get; init; } = 128;
    public int TransferEpochs { get; init; } = 40;
    public double TransferLearningRate { get; init; } = 3e-3;

    /// <summary>Fine-tuning batch size; 0 means one batch holding all k samples (the headline code).</summary>
    public int TransferBatchSize { get; init; }

    public double WeightDecay { get; init; } = 1e-5;
    public double MinimumLearningRate { get; init; } = 1e-6;
    public double Margin { get; init; } = 0.1;

    /// <summary>At most this many pairs per batch element are drawn (4n in the reference).</summary>
    public int PairsPerSample { get; init; } = 4;

    public PairScoring PairScoring { get; init; } = PairScoring.SharedForward;
    public EmbeddingTransfer EmbeddingTransfer { get; init; } = EmbeddingTransfer.MostCorrelated;

    /// <summary>ρ is averaged over this many final fine-tuning epochs (4 in the paper's protocol).</summary>
    public int EvaluationEpochs { get; init; } = 4;

    /// <summary>
    /// Graphs per inference batch when scoring the whole space. Moderate batches are faster on CPU than huge ones:
    /// their activations stay in cache and the allocator reuses memory instead of mapping fresh pages.
    /// </summary>
    public int InferenceBatchSize { get; init; } = 256;

    /// <summary>
    /// Precision of whole-space scoring. Float32 is the reference; BFloat16 scores a bfloat16 copy of the model
    /// (training always stays in float32).
    /// </summary>
    public InferencePrecision InferencePrecision { get; init; } = InferencePrecision.Float32;

    /// <summary>Precision of forward and backward passes during training (see <see cref="MixedPrecision"/>).</summary>
    public TrainingPrecision TrainingPrecision { get; init; } = TrainingPrecision.Float32;

    /// <summary>
    /// These options with every setting that cannot change pretrained weights set to a constant (fine-tuning, scoring),
    /// so that two pretrainings compare equal exactly when they produce the same predictor; keys of saved predictors use it.
    /// </summary>
    public TrainingOptions PretrainingOnly() => this with
    {
        TransferEpochs = 0, TransferLearningRate = 0, TransferBatchSize = 0, EvaluationEpochs = 0,
        EmbeddingTransfer = EmbeddingTransfer.None, InferenceBatchSize = 0, InferencePrecision = InferencePrecision.Float32,
    };

    public void Validate()
    {
        const string prefix = "Training.";
        OptionChecks.AtLeast(prefix, (nameof(PretrainEpochs), PretrainEpochs, 0), (nameof(TransferEpochs), TransferEpochs, 1),
            (nameof(EvaluationEpochs), EvaluationEpochs, 1), (nameof(PretrainBatchSize), PretrainBatchSize, 2), (nameof(TransferBatchSize), TransferBatchSize, 0),
            (nameof(PairsPerSample), PairsPerSample, 1), (nameof(InferenceBatchSize), InferenceBatchSize, 1));
        if (EvaluationEpochs > TransferEpochs)
            throw new NasflatException($"{prefix}{nameof(EvaluationEpochs)} ({EvaluationEpochs}) must not exceed {prefix}{nameof(TransferEpochs)} ({TransferEpochs}).");
        OptionChecks.Positive(prefix, (nameof(PretrainLearningRate), PretrainLearningRate), (nameof(TransferLearningRate), TransferLearningRate));
        OptionChecks.NotNegative(prefix, (nameof(WeightDecay), WeightDecay), (nameof(MinimumLearningRate), MinimumLearningRate), (nameof(Margin), Margin));
    }
}
