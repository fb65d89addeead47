namespace Nasflat.Models;

/// <summary>Which message-passing layer the predictor stacks.</summary>
public enum GnnType
{
    /// <summary>DenseGraphFlow: a GCN-like layer gated by the operation embedding.</summary>
    Dense,
    /// <summary>Graph attention with NASFLAT's multiplicative masking.</summary>
    Gat,
    /// <summary>Dense and GAT side by side, averaged (NASFLAT's default for every paper run).</summary>
    Ensemble,
}

/// <summary>Where the learned device embedding enters the predictor.</summary>
public enum HardwareEmbeddingMode
{
    /// <summary>Concatenated to the operation embedding of every internal node (NASFLAT's "Op-HWEmb").</summary>
    OpWise,
    /// <summary>Passed through a small MLP and concatenated to the graph vector before the head.</summary>
    ToMlp,
}

/// <summary>How the graph attention layer hides non-neighbours.</summary>
public enum AttentionMasking
{
    /// <summary>The reference: logits are multiplied by the adjacency, so non-neighbours get logit 0 and still attend.</summary>
    Multiplicative,
    /// <summary>Standard masking: non-neighbours get −∞ (no attention); a node always attends to itself.</summary>
    Exclusive,
}

/// <summary>
/// Architecture of the NASFLAT predictor. Defaults are the paper's (§5 of the spec): op embedding 48 (40 + 8 for the
/// device in op-wise mode), hidden 96, operator pass [128, 128], main pass [128, 128, 128], head [200, 200, 200].
/// </summary>
public sealed record PredictorOptions
{
    public GnnType Gnn { get; init; } = GnnType.Ensemble;
    public HardwareEmbeddingMode HardwareEmbedding { get; init; } = HardwareEmbeddingMode.OpWise;
    public AttentionMasking AttentionMasking { get; init; } = AttentionMasking.Multiplicative;

    /// <summary>
    /// The reference replaces the first and last node's operation label by fixed input/output embeddings, which
    /// hides FBNet's first and last layer choice from the GNN. True keeps their labels (and adds the input/output
    /// embeddings on top); NB201 is unaffected in practice because its end nodes are the cell's input and output.
    /// </summary>
    public bool UseEndpointOperationLabels { get; init; }

    /// <summary>
    /// Adds w_d·p(a) to every score, p = the architecture's log FLOPs standardised over the space and w_d a linear
    /// function of the device's embedding (zero at initialisation). It gives the k target samples a one-parameter way
    /// to say how much this device follows FLOPs, which the GNN alone learns only from the source devices.
    /// </summary>
    public bool FlopsPrior { get; init; }

    /// <summary>Width of the optional supplementary vector (e.g. 13 zero-cost proxies); 0 for none.</summary>
    public int SupplementaryDim { get; init; }

    /// <summary>
    /// Build the supplementary embedder even when no supplementary input is used, as the reference code does
    /// (it then has 13 inputs and stays untrained). It only changes the parameter count.
    /// </summary>
    public bool AllocateUnusedSupplementaryEmbedder { get; init; } = true;

    public int OperationEmbeddingDim { get; init; } = 48;
    public int HardwareEmbeddingDim { get; init; } = 8;
    public int NodeEmbeddingDim { get; init; } = 48;
    public int HiddenDim { get; init; } = 96;
    public IReadOnlyList<int> OperatorPassDims { get; init; } = [128, 128];
    public IReadOnlyList<int> MainPassDims { get; init; } = [128, 128, 128];
    public IReadOnlyList<int> ReadoutMlpDims { get; init; } = [128, 128, 128];
    public int UpdateOperationHiddenDim { get; init; } = 128;
    public int SupplementaryEmbeddingDim { get; init; } = 48;
    public IReadOnlyList<int> SupplementaryEmbedderDims { get; init; } = [128, 128];
    public IReadOnlyList<int> HeadDims { get; init; } = [200, 200, 200];
    public double Dropout { get; init; } = 0.1;

    /// <summary>Rows of the operation and device embedding tables (the reference uses 128 for both).</summary>
    public int OperationVocabulary { get; init; } = 128;
    public int DeviceVocabulary { get; init; } = 128;

    internal int OperationPartDim => HardwareEmbedding == HardwareEmbeddingMode.OpWise
        ? OperationEmbeddingDim - HardwareEmbeddingDim
        : OperationEmbeddingDim;

    public void Validate()
    {
        const string prefix = "Predictor.";
        if (OperationPartDim <= 0)
            throw new NasflatException($"{prefix}{nameof(OperationEmbeddingDim)} ({OperationEmbeddingDim}) must be larger than {prefix}{nameof(HardwareEmbeddingDim)} ({HardwareEmbeddingDim}) in op-wise mode.");
        OptionChecks.AtLeast(prefix + nameof(SupplementaryDim), SupplementaryDim, 0);
        OptionChecks.NotEmpty(prefix + nameof(OperatorPassDims), OperatorPassDims);
        OptionChecks.NotEmpty(prefix + nameof(MainPassDims), MainPassDims);
        foreach (var (name, dims) in new[] { (nameof(OperatorPassDims), OperatorPassDims), (nameof(MainPassDims), MainPassDims),
                     (nameof(ReadoutMlpDims), ReadoutMlpDims), (nameof(HeadDims), HeadDims), (nameof(SupplementaryEmbedderDims), SupplementaryEmbedderDims) })
            foreach (int width in dims) OptionChecks.AtLeast(prefix + name, width, 1);
        foreach (var (name, width) in new[] { (nameof(HardwareEmbeddingDim), HardwareEmbeddingDim), (nameof(NodeEmbeddingDim), NodeEmbeddingDim),
                     (nameof(HiddenDim), HiddenDim), (nameof(UpdateOperationHiddenDim), UpdateOperationHiddenDim),
                     (nameof(SupplementaryEmbeddingDim), SupplementaryEmbeddingDim), (nameof(OperationVocabulary), OperationVocabulary),
                     (nameof(DeviceVocabulary), DeviceVocabulary) })
            OptionChecks.AtLeast(prefix + name, width, 1);
        if (!(Dropout >= 0 && Dropout < 1)) throw new NasflatException($"{prefix}{nameof(Dropout)} must lie in [0, 1) (got {Dropout}).");
    }
}
