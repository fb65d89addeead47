using System.Security.Cryptography;
using System.Text;
using Nasflat.Spaces;
using Nasflat.Spaces.Nb201;

namespace Nasflat.Tests.Spaces;

public class Nb201CellTests
{
    private const string Index0 = "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";

    [Fact]
    public void ParsesAndFormatsRoundTrip()
    {
        var cell = Nb201Cell.Parse(Index0);
        Assert.Equal([Nb201Op.AvgPool3x3, Nb201Op.NorConv1x1, Nb201Op.SkipConnect, Nb201Op.NorConv1x1, Nb201Op.SkipConnect, Nb201Op.SkipConnect], cell.Ops.ToArray());
        Assert.Equal(Index0, cell.ToString());
        Assert.Equal(cell, Nb201Cell.FromGenotypeCode(cell.GenotypeCode));
    }

    [Theory]
    [InlineData("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|", "expected 3 node groups")]
    [InlineData("|conv~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|", "unknown operation 'conv' on the edge 0→1")]
    [InlineData("|none~0|+|none~0|+|none~0|none~1|none~2|", "node 2 must have 2 incoming edge(s)")]
    [InlineData("|none~0|+|none~1|none~0|+|none~0|none~1|none~2|", "must come from node 0")]
    [InlineData("none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "must start and end with '|'")]
    [InlineData("|none0|+|none~0|none~1|+|none~0|none~1|none~2|", "must look like 'op~source'")]
    public void InvalidStringsGetClearErrors(string text, string expected)
    {
        var e = Assert.Throws<NasflatException>(() => Nb201Cell.Parse(text));
        Assert.Contains(expected, e.Message);
        Assert.Contains(text, e.Message);
        Assert.False(Nb201Cell.TryParse(text, out _));
    }

    [Fact]
    public void ConnectivityFollowsNonNoneEdges()
    {
        Assert.True(Nb201Cell.Parse(Index0).IsConnected);
        Assert.False(Nb201Index.CellAt(1651).IsConnected); // all none
        Assert.False(Nb201Cell.Parse("|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|nor_conv_3x3~2|").IsConnected);
        Assert.True(Nb201Cell.Parse("|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|").IsConnected);
    }
}

public class Nb201IndexTests
{
    [Theory]
    [InlineData(0, "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|")]
    [InlineData(1, "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|")]
    [InlineData(2, "|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|")]
    [InlineData(9, "|avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|")]
    [InlineData(123, "|avg_pool_3x3~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|none~0|avg_pool_3x3~1|nor_conv_3x3~2|")]
    [InlineData(1462, "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|")]
    [InlineData(1651, "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")]
    [InlineData(15624, "|nor_conv_1x1~0|+|none~0|nor_conv_1x1~1|+|none~0|nor_conv_1x1~1|nor_conv_1x1~2|")]
    public void SpotValuesMatchNasBench201(int index, string arch)
    {
        Assert.Equal(arch, Nb201Index.CellAt(index).ToString());
        Assert.Equal(index, Nb201Index.IndexOf(Nb201Cell.Parse(arch)));
    }

    [Fact]
    public void WholeOrderMatchesThePublishedHash()
    {
        var joined = string.Join("\n", Enumerable.Range(0, Nb201Cell.SpaceSize).Select(i => Nb201Index.CellAt(i).ToString()));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));
        Assert.Equal("83abc799e45cf34e9d2163654668ab998b9a54d01c39e72ca1f71f2cdf356d84", hash);
    }

    [Fact]
    public void WholeOrderMatchesTheDataFile()
    {
        var cells = SharedData.Nb201.Cells;
        Assert.Equal(Nb201Cell.SpaceSize, cells.Length);
        for (int i = 0; i < cells.Length; i++) Assert.Equal(Nb201Index.CellAt(i), cells[i]);
    }

    [Fact]
    public void IndexOutsideTheSpaceIsAnError()
    {
        var e = Assert.Throws<NasflatException>(() => Nb201Index.CellAt(15625));
        Assert.Contains("outside 0..15624", e.Message);
    }
}

public class Nb201GraphTests
{
    private static string Rows(ArchGraph g) => string.Join("/", g.AdjacencyRows());

    [Fact]
    public void Index0BypassesSkipNodes()
    {
        var g = Nb201Graph.Encode(Nb201Index.CellAt(0));
        Assert.Equal([1, 2, 3, 6, 3, 6, 6, 0], g.Operations.ToArray());
        Assert.Equal("01101000/00000001/00000001/00000000/00000001/00000000/00000000/00000000", Rows(g));
    }

    [Fact]
    public void AllConvolutionsKeepTheBaseGraph()
    {
        var g = Nb201Graph.Encode(Nb201Index.CellAt(1462));
        Assert.Equal([1, 4, 4, 4, 4, 4, 4, 0], g.Operations.ToArray());
        Assert.Equal("01101000/00010100/00000010/00000010/00000001/00000001/00000001/00000000", Rows(g));
    }

    [Fact]
    public void Index9LeavesASingleInputToOutputEdge()
    {
        var g = Nb201Graph.Encode(Nb201Index.CellAt(9));
        Assert.Equal([1, 2, 5, 5, 6, 5, 4, 0], g.Operations.ToArray());
        Assert.Equal(1, g.EdgeCount);
        Assert.True(g.HasEdge(0, 7));
    }

    [Fact]
    public void AllNoneGivesAnEmptyAdjacency()
    {
        var g = Nb201Graph.Encode(Nb201Cell.Parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
        Assert.Equal(0, g.EdgeCount);
        Assert.Equal([1, 5, 5, 5, 5, 5, 5, 0], g.Operations.ToArray());
    }

    [Fact]
    public void AllSkipConnectsShortCircuitToTheOutput()
    {
        var g = Nb201Graph.Encode(Nb201Cell.Parse("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|"));
        Assert.Equal(1, g.EdgeCount);
        Assert.True(g.HasEdge(0, 7));
    }

    [Fact]
    public void DisconnectedCellsHaveNoEdges()
    {
        var data = SharedData.Nb201;
        foreach (var cell in data.Cells.Where(c => !c.IsConnected)) Assert.Equal(0, Nb201Graph.Encode(cell).EdgeCount);
    }
}

public class Nb201CostTests
{
    [Fact]
    public void ReproducesNasBench201ReferenceValues()
    {
        var index0 = Nb201Index.CellAt(0);
        Assert.Equal(15_647_370, Nb201Cost.Flops(index0));
        Assert.Equal(129_306, Nb201Cost.Parameters(index0));
        Assert.Equal(15_653_220, Nb201Cost.Flops(index0, Nb201Dataset.Cifar100));
        Assert.Equal(135_156, Nb201Cost.Parameters(index0, Nb201Dataset.Cifar100));
        Assert.Equal(3_919_480, Nb201Cost.Flops(index0, Nb201Dataset.ImageNet16_120));
        Assert.Equal(136_456, Nb201Cost.Parameters(index0, Nb201Dataset.ImageNet16_120));
    }

    [Theory]
    [InlineData(Nb201Dataset.Cifar10, 7.78305, 220.11969, 0.073306, 1.531546)]
    [InlineData(Nb201Dataset.Cifar100, 7.7889, 220.12554, 0.079156, 1.537396)]
    [InlineData(Nb201Dataset.ImageNet16_120, 1.9534, 55.03756, 0.080456, 1.538696)]
    public void RangesOverTheWholeSpaceMatch(Nb201Dataset dataset, double minFlopsM, double maxFlopsM, double minParamsM, double maxParamsM)
    {
        var cells = Enumerable.Range(0, Nb201Cell.SpaceSize).Select(Nb201Index.CellAt).ToList();
        var flops = cells.Select(c => Nb201Cost.Flops(c, dataset) / 1e6).ToList();
        var parameters = cells.Select(c => Nb201Cost.Parameters(c, dataset) / 1e6).ToList();
        Assert.Equal(minFlopsM, flops.Min(), 5);
        Assert.Equal(maxFlopsM, flops.Max(), 5);
        Assert.Equal(minParamsM, parameters.Min(), 6);
        Assert.Equal(maxParamsM, parameters.Max(), 6);
    }

    [Fact]
    public void GenericCountEqualsTheClosedFormForEveryCell()
    {
        for (int i = 0; i < Nb201Cell.SpaceSize; i++)
        {
            var cell = Nb201Index.CellAt(i);
            long n1 = cell.CountOf(Nb201Op.NorConv1x1), n3 = cell.CountOf(Nb201Op.NorConv3x3);
            Assert.Equal(73_306 + 28_000 * n1 + 243_040 * n3, Nb201Cost.Parameters(cell));
            Assert.Equal(7_783_050 + 3_932_160 * n1 + 35_389_440 * n3, Nb201Cost.Flops(cell));
            Assert.Equal(1_953_400 + 983_040 * n1 + 8_847_360 * n3, Nb201Cost.Flops(cell, Nb201Dataset.ImageNet16_120));
        }
    }
}
