using Nasflat.Sweeps;

namespace Nasflat.Tests.Sweeps;

public class WorkSplitTests
{
    private static readonly WorkUnit[] Units =
        [new(0, 0, 5), new(0, 1, 5), new(1, 0, 3), new(1, 1, 3), new(2, 0, 2), new(2, 1, 2), new(3, 0, 1)];

    [Fact]
    public void EveryUnitLandsInExactlyOneBinAndTheCostliestGoFirstOntoTheLeastLoaded()
    {
        var bins = WorkSplit.Assign(Units, 3);
        Assert.Equal(Units.OrderBy(u => u.Task).ThenBy(u => u.Trial), bins.SelectMany(b => b).OrderBy(u => u.Task).ThenBy(u => u.Trial));
        // LPT on 5,5,3,3,2,2,1 over 3 bins: {5,2}, {5,2}, {3,3,1} — loads 7, 7, 7.
        Assert.Equal([7.0, 7.0, 7.0], bins.Select(b => b.Sum(u => u.Cost)));
        Assert.Equal([new WorkUnit(0, 0, 5), new WorkUnit(2, 0, 2)], bins[0]);
    }

    [Fact]
    public void TheSplitDependsOnlyOnTheUnitsAndTheBinCount()
    {
        var shuffled = Units.Reverse().ToArray();
        Assert.Equal(WorkSplit.Assign(Units, 4).Select(b => b.ToList()), WorkSplit.Assign(shuffled, 4).Select(b => b.ToList()));
        var many = WorkSplit.Assign(Units.Take(2), 3);
        Assert.Equal([1, 1, 0], many.Select(b => b.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkSplit.Assign(Units, 0));
    }

    [Theory]
    [InlineData("2/3", 2, 3)]
    [InlineData("1/1", 1, 1)]
    public void ShardsReadAsIOfN(string text, int number, int count)
    {
        Assert.Equal(new Shard(number, count), Shard.Parse(text));
        Assert.Equal(text, Shard.Parse(text).ToString());
    }

    [Theory]
    [InlineData("0/3", "numbered 1 to n")]
    [InlineData("4/3", "numbered 1 to n")]
    [InlineData("3", "write i/n")]
    [InlineData("a/b", "write i/n")]
    [InlineData("-1/2", "write i/n")]
    public void ABadShardIsAClearError(string text, string fix) =>
        Assert.Contains(fix, Assert.Throws<NasflatException>(() => Shard.Parse(text)).Message);
}
