using Nasflat.Tasks;

namespace Nasflat.Tests.Tasks;

public class LeaveOneDeviceOutTests
{
    [Theory]
    [InlineData("nb201", 6)]
    [InlineData("fbnet", 4)]
    public void EveryDeviceIsATargetOnceAndNoTargetLearnsFromANearCopy(string space, int folds)
    {
        var latency = space == "nb201" ? SharedData.Nb201.Latency : SharedData.Fbnet.Latency;
        var plan = LodoPlan.Create(latency, 0.95, folds);
        var devices = latency.Devices.Select(d => d.Name).ToList();
        Assert.Equal(folds, plan.Folds.Count);
        Assert.Equal(devices.Order(), plan.Folds.SelectMany(f => f.Test).Order());
        Assert.Equal(devices.Order(), plan.Targets.Select(t => t.Device).Order());
        var rho = DeviceCorrelations.Compute(latency, devices);
        foreach (var fold in plan.Folds)
        {
            fold.Validate(latency);
            Assert.Equal(devices.Count, fold.Train.Length + fold.Test.Length);
            foreach (var target in fold.Test)
                Assert.All(fold.Train, source => Assert.True(rho[target, source] <= 0.95, $"{target} learns from its near-copy {source} (ρ {rho[target, source]:0.000})"));
        }
        // Folds are balanced by device count: at most the largest near-copy group apart.
        int largestGroup = plan.Targets.Max(t => t.NearCopies.Count) + 1;
        Assert.True(plan.Folds.Max(f => f.Test.Length) - plan.Folds.Min(f => f.Test.Length) <= largestGroup);
        // Every listed near-copy really is one and sits in the target's own fold.
        var foldOf = plan.Targets.ToDictionary(t => t.Device, t => t.Fold);
        foreach (var target in plan.Targets)
            Assert.All(target.NearCopies, n =>
            {
                Assert.True(n.Rho > 0.95);
                Assert.Equal(foldOf[target.Device], foldOf[n.Device]);
            });
    }

    [Fact]
    public void NearCopiesAreFoundOnTheData()
    {
        // Batch-1 GPUs of NB201 rank architectures alike: 1080ti_1's near-copies include titanx_1.
        var plan = LodoPlan.Create(SharedData.Nb201.Latency);
        var target = plan.Targets.Single(t => t.Device == "1080ti_1");
        Assert.Contains(target.NearCopies, n => n.Device == "titanx_1");
    }

    [Fact]
    public void ThePlanIsDeterministic()
    {
        var a = LodoPlan.Create(SharedData.Nb201.Latency);
        var b = LodoPlan.Create(SharedData.Nb201.Latency);
        Assert.Equal(a.Folds.Select(f => string.Join(",", f.Test)), b.Folds.Select(f => string.Join(",", f.Test)));
    }

    [Theory]
    [InlineData(1.5, 6, "--near-copy")]
    [InlineData(0.95, 1, "--folds")]
    [InlineData(0.95, 400, "--folds")]
    public void BadSettingsNameTheOption(double threshold, int folds, string option)
    {
        var error = Assert.Throws<NasflatException>(() => LodoPlan.Create(SharedData.Nb201.Latency, threshold, folds));
        Assert.Contains(option, error.Message);
    }
}
