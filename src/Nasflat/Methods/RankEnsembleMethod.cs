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
    public static MethodPrediction Average(IReadOnlyList<MethodPrediction> predictions)
    {
        var sum = new double[predictions[0].Snapshots[0].Length];
        foreach (var snapshots in predictions.Select(p => p.Snapshots))
            foreach (var scores in snapshots)
            {
                var ranks = Ranks.Average(scores.Select(s => (double)s).ToArray());
                for (int a = 0; a < sum.Length; a++) sum[a] += ranks[a] / sum.Length / snapshots.Count;
            }
        return MethodPrediction.Of(sum.Select(s => (float)(s / predictions.Count)).ToArray());
    }

    public void Dispose()
    {
        foreach (var member in members) member.Dispose();
    }
}
