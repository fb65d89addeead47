namespace Nasflat.Evaluation;

/// <summary>
/// How well predicted scores rank a target device's architectures.
/// <see cref="Spearman"/> follows the paper's protocol (all measured architectures, including the k transfer samples);
/// <see cref="SpearmanExcludingSamples"/> is the stricter protocol that leaves the k samples out.
/// Kendall τ-b and precision at the fastest 10 % use the paper's set.
/// </summary>
public sealed record TransferMetrics(double Spearman, double SpearmanExcludingSamples, double KendallTau, double PrecisionAtTop10)
{
    /// <param name="scores">Predicted scores, aligned with <paramref name="truth"/>.</param>
    /// <param name="isSample">True where the architecture was one of the k transfer samples.</param>
    public static TransferMetrics Compute(ReadOnlySpan<float> scores, ReadOnlySpan<double> truth, ReadOnlySpan<bool> isSample)
    {
        var predicted = new double[scores.Length];
        for (int i = 0; i < scores.Length; i++) predicted[i] = scores[i];
        var heldOutPredicted = new List<double>(scores.Length);
        var heldOutTruth = new List<double>(scores.Length);
        for (int i = 0; i < scores.Length; i++)
        {
            if (isSample[i]) continue;
            heldOutPredicted.Add(predicted[i]);
            heldOutTruth.Add(truth[i]);
        }
        return new TransferMetrics(
            RankCorrelation.Spearman(predicted, truth),
            RankCorrelation.Spearman(heldOutPredicted.ToArray(), heldOutTruth.ToArray()),
            RankCorrelation.KendallTauB(predicted, truth),
            TopKPrecision.PrecisionAtFraction(predicted, truth, 0.10));
    }

    public static TransferMetrics Mean(IReadOnlyCollection<TransferMetrics> metrics) => new(
        metrics.Average(m => m.Spearman),
        metrics.Average(m => m.SpearmanExcludingSamples),
        metrics.Average(m => m.KendallTau),
        metrics.Average(m => m.PrecisionAtTop10));
}
