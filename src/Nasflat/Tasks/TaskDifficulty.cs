using Nasflat.Data;

namespace Nasflat.Tasks;

/// <summary>How hard a task is, judged from its latency data alone.</summary>
/// <param name="Correlations">ρ for every train (row) × test (column) pair.</param>
/// <param name="BestSourceRho">Per test device, the highest ρ with any train device.</param>
/// <param name="MeanSourceRho">Per test device, the mean ρ with the train devices.</param>
/// <param name="Score">
/// 1 − the mean over test devices of their best source ρ: 0 when every target has a perfectly correlated source,
/// larger when the best one can do by copying a known device is poor.
/// </param>
public sealed record TaskDifficulty(LatencyTask Task, double[,] Correlations, IReadOnlyList<double> BestSourceRho, IReadOnlyList<double> MeanSourceRho, double Score)
{
    public static TaskDifficulty Assess(LatencyTask task, LatencyMatrix latency)
    {
        task.Validate(latency);
        var correlations = DeviceCorrelations.Compute(latency, [.. task.Train, .. task.Test]);
        var matrix = new double[task.Train.Length, task.Test.Length];
        for (int i = 0; i < task.Train.Length; i++)
            for (int j = 0; j < task.Test.Length; j++)
                matrix[i, j] = correlations[task.Train[i], task.Test[j]];
        var best = Enumerable.Range(0, task.Test.Length).Select(j => Enumerable.Range(0, task.Train.Length).Max(i => matrix[i, j])).ToList();
        var mean = Enumerable.Range(0, task.Test.Length).Select(j => Enumerable.Range(0, task.Train.Length).Average(i => matrix[i, j])).ToList();
        return new TaskDifficulty(task, matrix, best, mean, 1 - best.Average());
    }

    public double MeanCrossRho => MeanSourceRho.Average();
}
