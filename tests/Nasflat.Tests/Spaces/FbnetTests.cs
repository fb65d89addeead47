using System.Security.Cryptography;
using System.Text;
using Nasflat.Spaces;
using Nasflat.Spaces.Fbnet;

namespace Nasflat.Tests.Spaces;

public class FbnetTests
{
    private static FbnetArch Uniform(FbnetOp op) => new(Enumerable.Repeat(op, FbnetArch.LayerCount));

    [Theory]
    [InlineData(FbnetOp.K3E1, 1_170_676, 31_322_240, 3_175_096, 118_371_152)]
    [InlineData(FbnetOp.K3E1G2, 940_084, 21_051_008, 2_944_504, 83_302_832)]
    [InlineData(FbnetOp.K5E6, 3_749_652, 160_926_080, 5_754_072, 572_634_080)]
    [InlineData(FbnetOp.Skip, 780_660, 11_608_960, 2_785_080, 49_419_136)]
    public void UniformArchitecturesMatchTheReferenceTable(FbnetOp op, long cifarParams, long cifarMacs, long imagenetParams, long imagenetMacs)
    {
        var arch = Uniform(op);
        Assert.Equal(cifarParams, FbnetCost.Parameters(arch));
        Assert.Equal(cifarMacs, FbnetCost.Flops(arch, countClassifierBias: false));
        Assert.Equal(cifarMacs + 100, FbnetCost.Flops(arch));
        Assert.Equal(imagenetParams, FbnetCost.Parameters(arch, FbnetDataset.ImageNet));
        Assert.Equal(imagenetMacs, FbnetCost.Flops(arch, FbnetDataset.ImageNet, countClassifierBias: false));
    }

    [Fact]
    public void HelpArchitecturesMatchTheReferenceTable()
    {
        var data = SharedData.Fbnet;
        Assert.Equal(1_790_500, FbnetCost.Parameters(data.Architectures[0]));
        Assert.Equal(67_605_376, FbnetCost.Flops(data.Architectures[0], countClassifierBias: false));
        Assert.Equal(3_794_920, FbnetCost.Parameters(data.Architectures[0], FbnetDataset.ImageNet));
        Assert.Equal(272_388_736, FbnetCost.Flops(data.Architectures[0], FbnetDataset.ImageNet, countClassifierBias: false));
        Assert.Equal(1_695_572, FbnetCost.Parameters(data.Architectures[1]));
        Assert.Equal(223_029_664, FbnetCost.Flops(data.Architectures[1], FbnetDataset.ImageNet, countClassifierBias: false));
    }

    [Fact]
    public void ParamsEqualTheZeroCostProxyFileForAll5000()
    {
        var data = SharedData.Fbnet;
        var column = data.ZeroCostProxies.Column("params");
        for (int row = 0; row < data.ZeroCostProxies.Count; row++)
        {
            int index = data.ZeroCostProxies.Architectures[row];
            Assert.Equal((long)column[row], FbnetCost.Parameters(data.Architectures[index]));
        }
    }

    [Fact]
    public void ArchitectureOrderMatchesThePublishedHash()
    {
        var data = SharedData.Fbnet;
        Assert.Equal("7_8_1_8_4_8_8_8_7_4_1_4_7_3_2_7_3_2_4_2_4_5", data.Architectures[0].OpKey);
        Assert.Equal("4_4_4_1_0_2_7_8_2_3_6_3_6_1_7_6_0_6_8_8_0_7", data.Architectures[4999].OpKey);
        var joined = string.Join("\n", data.Architectures.Select(a => string.Join(",", a.Ops.Select(o => (int)o))));
        Assert.Equal("3c17fc15bd8be4255cb06cc98b4475baef2944e5b30208d9c7fb57b772c31b17",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined))));
    }

    [Fact]
    public void ParsesIndicesAndNames()
    {
        var fromIndices = FbnetArch.Parse("7_8_1_8_4_8_8_8_7_4_1_4_7_3_2_7_3_2_4_2_4_5");
        var fromNames = FbnetArch.Parse(string.Join(",", fromIndices.Ops.Select(o => o.Name())));
        Assert.Equal(fromIndices, fromNames);
        Assert.Equal(0, SharedData.Fbnet.IndexOf(fromNames.OpKey));
    }

    [Theory]
    [InlineData("1_2_3", "expected 22 operations, found 3")]
    [InlineData("9_8_1_8_4_8_8_8_7_4_1_4_7_3_2_7_3_2_4_2_4_5", "layer 0: '9' is neither an op index 0..8")]
    [InlineData("k7_e1,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip,skip", "layer 0: 'k7_e1'")]
    public void InvalidArchitecturesGetClearErrors(string text, string expected)
    {
        var e = Assert.Throws<NasflatException>(() => FbnetArch.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void GraphIsIdentityByDefaultAndChainOnRequest()
    {
        var arch = SharedData.Fbnet.Architectures[0];
        var identity = FbnetGraph.Encode(arch);
        Assert.Equal(22, identity.NodeCount);
        Assert.Equal(22, identity.EdgeCount);
        Assert.All(Enumerable.Range(0, 22), i => Assert.True(identity.HasEdge(i, i)));
        Assert.Equal(arch.Ops.Select(o => (int)o), identity.Operations);

        var chain = FbnetGraph.Encode(arch, FbnetAdjacency.Chain);
        Assert.Equal(21, chain.EdgeCount);
        Assert.True(chain.HasEdge(0, 1));
        Assert.False(chain.HasEdge(1, 0));
    }

    [Fact]
    public void MacroSkeletonHasTheDocumentedShapes()
    {
        var cifar = FbnetMacro.Layers(FbnetDataset.Cifar100);
        Assert.Equal(22, cifar.Count);
        Assert.Equal((16, 24, 1, 32), (cifar[1].InChannels, cifar[1].OutChannels, cifar[1].Stride, cifar[1].InputResolution));
        Assert.Equal((24, 32, 2, 32), (cifar[5].InChannels, cifar[5].OutChannels, cifar[5].Stride, cifar[5].InputResolution));
        Assert.Equal(4, cifar[21].InputResolution);
        var imagenet = FbnetMacro.Layers(FbnetDataset.ImageNet);
        Assert.Equal(112, imagenet[0].InputResolution);
        Assert.Equal(7, imagenet[21].InputResolution);
        Assert.Equal([false, true, true, true], new[] { 1, 2, 3, 4 }.Select(l => cifar[l].HasResidual));
    }
}
