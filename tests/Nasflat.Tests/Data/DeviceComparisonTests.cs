using System.Collections.Immutable;
using Nasflat.Data;
using Nasflat.Spaces;

namespace Nasflat.Tests.Data;

public class DeviceComparisonTests
{
    private static DeviceLatencies Device(string name, params double[] ms) =>
        new(new DeviceInfo(name, SearchSpaceKind.Nb201, DeviceSource.User, name + ".csv", "ms", ms.Count(v => !double.IsNaN(v)), ms.Length, InPaperPool: false),
            ms.ToImmutableArray());

    [Fact]
    public void ComparesOnlyTheCommonArchitectures()
    {
        var matrix = new LatencyMatrix(SearchSpaceKind.Nb201, 5,
        [
            Device("a", 1, 2, 3, 4, double.NaN),
            Device("b", 1.1, 2.2, 2.9, double.NaN, 9),
        ]);

        var c = DeviceComparison.Compare(matrix, "a", "b");

        Assert.Equal(3, c.SharedArchitectures);
        Assert.Equal(1.0, c.Spearman, 12);
        // Relative differences 0.1/1.05, 0.2/2.1, 0.1/2.95: the median is 0.2/2.1.
        Assert.Equal(0.2 / 2.1, c.MedianRelativeDifference, 12);
    }

    [Fact]
    public void TooFewCommonArchitecturesIsAClearError()
    {
        var matrix = new LatencyMatrix(SearchSpaceKind.Nb201, 3, [Device("a", 1, 2, double.NaN), Device("b", double.NaN, 2, 3)]);
        var error = Assert.Throws<NasflatException>(() => DeviceComparison.Compare(matrix, "a", "b"));
        Assert.Contains("share only 1", error.Message);
    }
}
