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

    public MethodPrediction Predict(MethodContext context, TargetQuery target, CancellationToken cancellation)
    {
        var sum = new double[target.Architectures.Count];
        foreach (var member in members)
        {
            var snapshots = member.Predict(context, target, cancellation).Snapshots;
            foreach (var scores in snapshots)
            {
                var ranks = Ranks.Average(scores.Select(s => (double)s).ToArray());
                for (int a = 0; a < sum.Length; a++) sum[a] += ranks[a] / sum.Length / snapshots.Count;
            }
        }
        return MethodPrediction.Of(sum.Select(s => (float)(s / members.Count)).ToArray());
    }

    public void Dispose()
    {
        foreach (var member in members) member.Dispose();
    }
}
