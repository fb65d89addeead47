using Nasflat.Methods;
using Nasflat.Runs;

namespace Nasflat.Tests.Methods;

public class RankEnsembleMethodTests
{
    private sealed class FixedScores(string name, params float[][] snapshots) : IFewShotMethod
    {
        public string Name => name;
        public bool Disposed { get; private set; }
        public void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation) { }
        public MethodPrediction Predict(MethodContext context, TargetQuery target, CancellationToken cancellation) => new(snapshots);
        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void AveragesTheMembersRanksScaledToOne()
    {
        // Member a ranks 0 < 1 < 2 < 3; member b, with two snapshots, ranks 3 < 2 < 1 < 0 then 0 < 1 < 2 < 3.
        var a = new FixedScores("a", [10, 20, 30, 40]);
        var b = new FixedScores("b", [4, 3, 2, 1], [1, 2, 3, 4]);
        using var ensemble = new RankEnsembleMethod([a, b]);
        var target = new TargetQuery(0, 2, [0, 1], [0, 1, 2, 3], new Random(1));
        var scores = ensemble.Predict(null!, target, CancellationToken.None).Snapshots.Single();

        Assert.Equal("a+b", ensemble.Name);
        // b's mean rank is 2.5 for every architecture, so the order is a's.
        double[] expected = [.. new[] { 1.0, 2, 3, 4 }.Select(r => (r / 4 + 2.5 / 4) / 2)];
        Assert.Equal(expected, scores.Select(s => (double)s), (x, y) => Math.Abs(x - y) < 1e-6);
    }

    [Fact]
    public void WeightsCountEachMembersRankingThatManyTimes()
    {
        MethodPrediction a = MethodPrediction.Of([10, 20, 30, 40]), b = MethodPrediction.Of([40, 30, 20, 10]);
        var weighted = RankEnsembleMethod.Average([a, b], [3, 1]).Snapshots.Single();
        var repeated = RankEnsembleMethod.Average([a, a, a, b]).Snapshots.Single();

        Assert.Equal(repeated, weighted, (x, y) => Math.Abs(x - y) < 1e-6f);
        // Equal weights are the plain average to the last digit.
        Assert.Equal(RankEnsembleMethod.Average([a, b]).Snapshots.Single(), RankEnsembleMethod.Average([a, b], [1, 1]).Snapshots.Single());
        Assert.Throws<ArgumentException>(() => RankEnsembleMethod.Average([a, b], [1, -1]));
        Assert.Throws<ArgumentException>(() => RankEnsembleMethod.Average([a, b], [0, 0]));
        Assert.Throws<ArgumentException>(() => RankEnsembleMethod.Average([a, b], [1]));
    }

    [Fact]
    public void DisposesItsMembers()
    {
        var a = new FixedScores("a", [1f]);
        var b = new FixedScores("b", [1f]);
        new RankEnsembleMethod([a, b]).Dispose();
        Assert.True(a.Disposed && b.Disposed);
    }

    [Fact]
    public void TheCommandLineJoinsKnownMethodsWithPlus()
    {
        Assert.Equal(["gbt+mixture", "flops"], FewShotMethods.Parse("gbt+mixture,flops"));
        Assert.Equal(["gbt", "mixture"], FewShotMethods.Members("gbt+mixture"));
        var error = Assert.Throws<NasflatException>(() => FewShotMethods.Parse("gbt+mixtur"));
        Assert.Contains("'mixtur' in 'gbt+mixtur'", error.Message);
        using var created = FewShotMethods.Create("flops+params", new Nasflat.Experiments.ExperimentOptions());
        Assert.Equal("flops+params", created.Name);
    }
}
