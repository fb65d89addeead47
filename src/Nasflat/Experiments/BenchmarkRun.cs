using Nasflat.Experiments;
using Nasflat.Tasks;
using Nasflat.Native;

namespace Nasflat.Experiments;

/// <summary>One task of a benchmark run, for one method: what was asked, with which options, and what came out.</summary>
public sealed record BenchmarkTaskRun(LatencyTask Task, ExperimentOptions Options, TaskResult Result, string Method = "nasflat")
{
    /// <summary>Identifies the run within a benchmark (a task can run several methods).</summary>
    public string Key => $"{Task.Id} {Method}";
}

/// <summary>A whole benchmark run, as written to results.json.</summary>
public sealed record BenchmarkRun(RunEnvironment Environment, IReadOnlyList<BenchmarkTaskRun> Tasks);
