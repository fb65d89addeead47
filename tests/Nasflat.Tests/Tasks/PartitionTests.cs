using Nasflat.Tasks;

namespace Nasflat.Tests.Tasks;

public class PartitionTests
{
    [Fact]
    public void KernighanLinSeparatesTwoBlocksWhenCuttingDissimilarity()
    {
        // Devices 0-3 and 4-7 correlate at 0.9 within their block and 0.1 across; cutting the correlations
        // (minimising the cut) must separate the blocks whatever the random start.
        var weight = new double[8, 8];
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++) weight[i, j] = i == j ? 1 : (i < 4) == (j < 4) ? 0.9 : 0.1;
        for (int seed = 0; seed < 5; seed++)
        {
            var (left, right) = KernighanLin.Bisect(weight, new Random(seed));
            Assert.Equal(4, left.Length);
            Assert.True(left.All(i => i < 4) || left.All(i => i >= 4), $"seed {seed}: {string.Join(",", left)}");
            Assert.Equal(0.1 * 16, KernighanLin.CutWeight(weight, left, right), 9);
        }
    }

    [Fact]
    public void GenerationIsReproducibleAndRespectsSizesAndPool()
    {
        var latency = SharedData.Fbnet.Latency;
        var pool = TaskPartitioner.PaperPool(latency);
        Assert.Equal(27, pool.Count);
        Assert.Equal(40, TaskPartitioner.PaperPool(SharedData.Nb201.Latency).Count);
        var a = TaskPartitioner.Generate(latency, pool, 10, 3, seed: 4);
        var b = TaskPartitioner.Generate(latency, pool, 10, 3, seed: 4);
        Assert.Equal(a.Train.ToArray(), b.Train.ToArray());
        Assert.Equal(a.Test.ToArray(), b.Test.ToArray());
        Assert.Equal((10, 3), (a.Train.Length, a.Test.Length));
        Assert.All(a.Train.Concat(a.Test), d => Assert.Contains(d, pool));
        a.Validate(latency);
        Assert.Contains("do not fit", Assert.Throws<NasflatException>(() => TaskPartitioner.Generate(latency, pool.Take(6).ToList(), 5, 5, 1)).Message);
    }

    [Fact]
    public void LeastCorrelatedGoalGivesHarderTasksThanTheReferenceOnAverage()
    {
        var latency = SharedData.Nb201.Latency;
        var pool = TaskPartitioner.PaperPool(latency);
        double Mean(PartitionGoal goal) => Enumerable.Range(1, 4)
            .Average(seed => TaskDifficulty.Assess(TaskPartitioner.Generate(latency, pool, 5, 5, seed, goal), latency).MeanCrossRho);
        Assert.True(Mean(PartitionGoal.LeastCorrelated) < Mean(PartitionGoal.Reference));
    }

    [Fact]
    public void DifficultyExplainsWhichPaperTasksAreHard()
    {
        double Score(string id)
        {
            var task = TaskCatalog.Find(id);
            return TaskDifficulty.Assess(task, SharedData.Open().Space(task.Space).Latency).Score;
        }
        Assert.True(Score("nb201:ND") < 0.1);
        Assert.True(Score("fbnet:FD") < 0.1);
        Assert.True(Score("nb201:N2") > Score("nb201:N1"));
        Assert.True(Score("fbnet:F3") > 0.5);
        var n1 = TaskDifficulty.Assess(TaskCatalog.Find("nb201:N1"), SharedData.Nb201.Latency);
        // The paper's N1 heat map: edge TPU vs the GPUs 0.11–0.17.
        Assert.InRange(n1.Correlations[0, 0], 0.10, 0.18);
        Assert.Equal(5, n1.BestSourceRho.Count);
    }

    [Fact]
    public void CorrelationsAreSymmetricAndMatchTheDataReadme()
    {
        var rho = DeviceCorrelations.Compute(SharedData.Nb201.Latency, ["1080ti_1", "titanxp_1", "desktop_cpu_core_i7_7820x_fp32"]);
        Assert.Equal(1, rho["1080ti_1", "1080ti_1"]);
        Assert.Equal(0.972, rho["1080ti_1", "titanxp_1"], 0.0005);
        Assert.Equal(rho["titanxp_1", "desktop_cpu_core_i7_7820x_fp32"], rho["desktop_cpu_core_i7_7820x_fp32", "titanxp_1"]);
    }
}
