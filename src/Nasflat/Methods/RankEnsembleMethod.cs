using Nasflat.Evaluation;

namespace Nasflat.Methods;

/// <summary>
/// Several methods run on the same samples, their rankings averaged: each member's scores (the mean rank over its
/// snapshots) become ranks scaled to 0..1, and the ensemble scores an architecture by the mean of those. Ranks make
/// the average blind to the members' scales; named on the command line as <c>a+b</c> (for example <c>gbt+mixture</c>).
/// </summary>
public sealed class RankEnsembleMethod(IReadOnlyList<IFewShotMethod> members) : IFewShotMethod
{
    public const char Separator = '+';

    public string Name { get; } = string.Join(Separator, members.Select(m => m.Name));

    public IReadOnlyList<IFewShotMethod> Members => members;

    public void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation)
    {
        for (int i = 0; i < members.Count; i++)
        {
            int done = i;
            members[i].Prepare(context, k, progress is null ? null : new Progress<double>(f => progress.Report((done + f) / members.Count)), cancellation);
        }
    }

    public MethodPrediction Predict(MethodContext context, TargetQuery target, CancellationToken cancellation) =>
        Average(members.Select(m => m.Predict(context, target, cancellation)).ToList());

    /// <summary>The predictions' rankings averaged: each one's snapshots as ranks scaled to 0..1 and averaged, then the members averaged.</summary>
    public static MethodPrediction Average(IReadOnlyList<MethodPrediction> predictions) =>
        Average(predictions, [.. predictions.Select(_ => 1.0)]);

    /// <summary>As <see cref="Average(IReadOnlyList{MethodPrediction})"/>, each member's ranking counted with its weight (non-negative, not all zero).</summary>
    public static MethodPrediction Average(IReadOnlyList<MethodPrediction> predictions, IReadOnlyList<double> weights)
    {
        if (weights.Count != predictions.Count || weights.Any(w => !(w >= 0)) || weights.Sum() <= 0)
            throw new ArgumentException($"Weights must be one non-negative number per prediction, not all zero (got [{string.Join(", ", weights)}]).", nameof(weights));
        var sum = new double[predictions[0].Snapshots[0].Length];
        for (int member = 0; member < predictions.Count; member++) AddRanks(sum, predictions[member], weights[member]);
        double total = weights.Sum();
        return MethodPrediction.Of(sum.Select(s => (float)(s / total)).ToArray());
    }

    /// <summary>A prediction's ranking: each snapshot's ranks scaled to 0..1, averaged over the snapshots.</summary>
    public static double[] MeanRanks(MethodPrediction prediction)
    {
        var mean = new double[prediction.Snapshots[0].Length];
        AddRanks(mean, prediction, 1.0);
        return mean;
    }

    /// <summary>Adds <paramref name="weight"/> times the prediction's mean scaled ranking to <paramref name="sum"/>.</summary>
    private static void AddRanks(double[] sum, MethodPrediction prediction, double weight)
    {
        foreach (var scores in prediction.Snapshots)
        {
            var ranks = Ranks.Average(scores.Select(s => (double)s).ToArray());
            for (int a = 0; a < sum.Length; a++) sum[a] += weight * ranks[a] / sum.Length / prediction.Snapshots.Count;
        }
    }

    public void Dispose()
    {
        foreach (var member in members) member.Dispose();
    }
}
