namespace Nasflat.Models;

/// <summary>
/// Analytic multiply-accumulates of one predictor forward pass per graph (matrix products only; elementwise work,
/// softmax and normalisation are not counted). Used to turn measured times into achieved GFLOP/s.
/// </summary>
public static class PredictorCost
{
    /// <param name="nodes">Nodes per graph (8 for NB201, 22 for FBNet).</param>
    /// <param name="sharedFirstLayer">
    /// True for Nasflat's implementation: the first layer of each pass works on node features shared by the whole
    /// batch, so its projections are not paid per graph, and the graph-level context of the operation update is
    /// projected once per graph rather than once per node. False counts the reference computation.
    /// </param>
    public static long ForwardMacsPerGraph(PredictorOptions options, int nodes, bool sharedFirstLayer = true)
    {
        long v = nodes, e = options.OperationEmbeddingDim;
        long macs = 0;
        if (!sharedFirstLayer) macs += v * options.NodeEmbeddingDim * options.HiddenDim;

        long Pass(IReadOnlyList<int> dims)
        {
            long total = 0, din = options.HiddenDim;
            for (int l = 0; l < dims.Count; l++)
            {
                long dout = dims[l];
                bool shared = sharedFirstLayer && l == 0;
                long projection = shared ? 0 : v * din * dout;
                long gate = v * e * dout;
                if (options.Gnn != GnnType.Gat) total += projection + v * v * dout + gate;                  // H·W, Aᵀ·S, gate
                if (options.Gnn != GnnType.Dense) total += projection + (shared ? 0 : v * v * dout) + v * v * dout + gate; // K, K·Kᵀ, α·K, gate
                din = dout;
            }
            return total;
        }

        macs += Pass(options.OperatorPassDims);
        long readoutIn = options.OperatorPassDims[^1];
        foreach (int d in options.ReadoutMlpDims)
        {
            macs += readoutIn * d;
            readoutIn = d;
        }
        long context = options.ReadoutMlpDims[^1] * (long)options.UpdateOperationHiddenDim;
        macs += v * e * options.UpdateOperationHiddenDim + (sharedFirstLayer ? context : v * context) + v * options.UpdateOperationHiddenDim * e;
        macs += Pass(options.MainPassDims);

        long headIn = options.MainPassDims[^1];
        if (options.SupplementaryDim > 0)
        {
            var dims = options.SupplementaryEmbedderDims;
            macs += options.SupplementaryDim * dims[0] + dims[0] * dims[1] + dims[1] * options.SupplementaryEmbeddingDim;
            headIn += options.SupplementaryEmbeddingDim;
        }
        if (options.HardwareEmbedding == HardwareEmbeddingMode.ToMlp)
        {
            macs += options.HardwareEmbeddingDim * e + e * e;
            headIn += e;
        }
        foreach (int d in options.HeadDims)
        {
            macs += headIn * d;
            headIn = d;
        }
        return macs + headIn;
    }
}
