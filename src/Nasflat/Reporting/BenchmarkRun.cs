using Nasflat.Experiments;
using Nasflat.Tasks;

namespace Nasflat.Reporting;

/// <summary>One task of a benchmark run: what was asked, with which options, and what came out.</summary>
public sealed record BenchmarkTaskRun(LatencyTask Task, ExperimentOptions Options, TaskResult Result);

/// <summary>A whole benchmark run, as written to results.json.</summary>
public sealed record BenchmarkRun(RunEnvironment Environment, IReadOnlyList<BenchmarkTaskRun> Tasks);
