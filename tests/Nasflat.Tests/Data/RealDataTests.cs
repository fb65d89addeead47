using Nasflat.Data;
using Nasflat.Spaces.Nb201;

namespace Nasflat.Tests.Data;

public class RealDataTests
{
    [Fact]
    public void Nb201HasThePaperDevicePoolWithUnitsInMilliseconds()
    {
        var latency = SharedData.Nb201.Latency;
        Assert.Equal(15625, latency.ArchitectureCount);
        Assert.Equal(27, latency.Devices.Count(d => d.Source == DeviceSource.Help));
        Assert.Equal(13, latency.Devices.Count(d => d.Source == DeviceSource.LatBench && d.InPaperPool));
        Assert.Equal(40, latency.Devices.Count(d => d.InPaperPool));

        // LatBench stores seconds; index 0 on the i7 is 0.003896705865859985 s in the file.
        Assert.Equal(3.896705865859985, latency.Latency(0, "desktop_cpu_core_i7_7820x_fp32")!.Value, 12);
        Assert.Equal("s", latency.Device("desktop_cpu_core_i7_7820x_fp32").SourceUnit);
        Assert.Equal(10.481976820010459, latency.Latency(0, "raspi4")!.Value, 12);
    }

    [Fact]
    public void LatBenchDevicesMissTheDisconnectedCells()
    {
        var data = SharedData.Nb201;
        var latency = data.Latency;
        var disconnected = Enumerable.Range(0, data.ArchitectureCount).Where(i => !data.Cells[i].IsConnected).ToList();
        Assert.Equal(341, disconnected.Count);
        foreach (var device in latency.Devices.Where(d => d.Source == DeviceSource.LatBench && d.InPaperPool))
        {
            Assert.True(device.MissingCount >= 341, $"{device.Name} misses {device.MissingCount}");
            int d = latency.IndexOf(device.Name);
            Assert.All(disconnected, i => Assert.False(latency.IsMeasured(i, d)));
            Assert.Null(latency.Latency(disconnected[0], device.Name));
        }
        Assert.Equal(373, latency.Device("mobile_cpu_snapdragon_450_cortex_a53_int8").MissingCount);
        Assert.Equal(364, latency.Device("mobile_gpu_snapdragon_675_adreno_612_int8").MissingCount);
        Assert.All(latency.Devices.Where(d => d.Source == DeviceSource.Help), d => Assert.Equal(0, d.MissingCount));
    }

    [Fact]
    public void FbnetHas27HelpDevices()
    {
        var data = SharedData.Fbnet;
        Assert.Equal(5000, data.ArchitectureCount);
        Assert.Equal(27, data.Latency.Devices.Count);
        Assert.All(data.Latency.Devices, d => Assert.Equal(5000, d.MeasuredCount));
        Assert.Contains(data.Latency.Devices, d => d.Name == "titanxp_64");
        Assert.Equal(13, data.ZeroCostProxies.Metrics.Count);
        Assert.Equal(70098816.0, data.ZeroCostProxies.Score(0, "flops"));
    }

    [Fact]
    public void Nb201AccuraciesProxiesAndReferenceListsAreLoaded()
    {
        var data = SharedData.Nb201;
        Assert.Equal(94.37, data.Accuracies.Test[Nb201Dataset.Cifar10].Max(), 2);
        Assert.Equal(73.51, data.Accuracies.Test[Nb201Dataset.Cifar100].Max(), 2);
        Assert.Equal(47.31, data.Accuracies.Test[Nb201Dataset.ImageNet16_120].Max(), 2);
        Assert.Equal(81.9, data.Accuracies.NaslibValidation[Nb201Dataset.Cifar10][0], 6);

        Assert.Equal(15625, data.Zen[Nb201Dataset.Cifar10].Count);
        Assert.Equal(184.95455932617188, data.Zen[Nb201Dataset.Cifar10].Score(0, "zen"));
        Assert.Equal([725, 725, 724], data.NaslibProxySubset.OrderBy(kv => kv.Key).Select(kv => kv.Value.Count));
        var cifar10 = data.NaslibProxySubset[Nb201Dataset.Cifar10];
        Assert.Equal(13, cifar10.Metrics.Count);
        Assert.All(cifar10.Architectures, i => Assert.Null(cifar10.Score(i, "zen")));

        Assert.Equal([11982, 431, 55, 9, 14451, 8636, 9881, 13479, 6196, 1462], data.HelpReferenceIndices.ToArray());
        Assert.Equal([3328, 3790, 3313, 890, 3052, 2538, 1640, 2514, 457, 2100], SharedData.Fbnet.HelpReferenceIndices.ToArray());
        Assert.Equal(500, data.MetaD2ACandidates.Length);
        Assert.Equal(13390, data.MetaD2ACandidates[0].Index);
        Assert.Equal(12554, data.HwNasBench.Count);
        Assert.Equal(8786, data.Latency.Device("hwnasbench_edgetpu").MeasuredCount); // -1 marks "not available"
    }

    [Fact]
    public void UnknownDeviceSuggestsTheClosestName()
    {
        var e = Assert.Throws<UnknownDeviceException>(() => SharedData.Nb201.Latency.IndexOf("gold_6262"));
        Assert.Contains("Unknown device 'gold_6262' in nb201", e.Message);
        Assert.Contains("'gold_6226'", e.Message);
    }

    [Fact]
    public void DescribesAnArchitectureFromEveryAngle()
    {
        var d = ArchitectureDescription.Of(SharedData.Nb201, "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|", null);
        Assert.Equal(0, d.Index);
        Assert.Equal(15_647_370, d.Flops);
        Assert.Equal(129_306, d.Parameters);
        Assert.Equal(85.86, d.Accuracies[0].TestAccuracy, 2);
        Assert.Equal(44, d.Latencies.Count);

        var unseen = ArchitectureDescription.Of(SharedData.Fbnet, string.Join("_", Enumerable.Repeat(8, 22)), null);
        Assert.Null(unseen.Index);
        Assert.Equal(780_660, unseen.Parameters);
        Assert.Empty(unseen.Latencies);
    }
}
