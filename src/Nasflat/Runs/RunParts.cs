using System.Text.Json;
using System.Text.RegularExpressions;
using Nasflat.Reporting;
using Nasflat.Tasks;
using Nasflat.Experiments;

namespace Nasflat.Runs;

/// <summary>
/// The finished pieces of a benchmark run: one file per task, method and trial in the run folder's <c>parts/</c>, each
/// written atomically the moment its trial ends, by whichever process ran it. A trial's numbers depend only on the seed,
/// the task, the method and the trial's index, so the parts of a run joined in trial order are the run, however it was
/// split over processes or interrupted. An interrupted run therefore resumes by running only the parts it lacks.
/// </summary>
public sealed partial class RunParts(string runDirectory)
{
    public string Folder { get; } = Path.Combine(runDirectory, "parts");

    /// <summary>The part of one trial, when it exists and was run with exactly these settings (a part with other settings is ignored).</summary>
    public BenchmarkTaskRun? Find(LatencyTask task, string method, ExperimentOptions options, int trial)
    {
        string path = PathOf(task, method, trial);
        if (!File.Exists(path)) return null;
        BenchmarkTaskRun? part;
        try
        {
            part = JsonSerializer.Deserialize<BenchmarkTaskRun>(File.ReadAllText(path), BenchmarkReport.Json);
        }
        catch (JsonException)
        {
            return null; // not ours (parts are written atomically, so never half-written): run the trial again
        }
        if (part is null || part.Method != method || Signature(part.Task, part.Options) != Signature(task, Unit(options, trial))) return null;
        return part;
    }

    /// <summary>Saves a one-trial part atomically.</summary>
    public void Write(BenchmarkTaskRun part)
    {
        if (part.Options.TrialSubset is not [int trial])
            throw new ArgumentException("A part holds exactly one trial.", nameof(part));
        IO.AtomicFile.WriteAllText(PathOf(part.Task, part.Method, trial), JsonSerializer.Serialize(part, BenchmarkReport.Json));
    }

    /// <summary>The task's whole run for the method, joined from its parts, or null while a trial is missing.</summary>
    public BenchmarkTaskRun? Join(LatencyTask task, string method, ExperimentOptions options)
    {
        var parts = new List<BenchmarkTaskRun>();
        foreach (int trial in options.TrialIndices)
        {
            if (Find(task, method, options, trial) is not { } part) return null;
            parts.Add(part);
        }
        return JoinTrials(parts, options);
    }

    /// <summary>How many of the run's trials (over tasks and methods) already have their part.</summary>
    public int CountDone(IEnumerable<(LatencyTask Task, ExperimentOptions Options)> planned, IReadOnlyList<string> methods) =>
        planned.Sum(p => methods.Sum(m => p.Options.TrialIndices.Count(t => Find(p.Task, m, p.Options, t) is not null)));

    /// <summary>The options of one trial of a run.</summary>
    public static ExperimentOptions Unit(ExperimentOptions options, int trial) => options with { TrialSubset = [trial] };

    /// <summary>
    /// One run from parts that ran subsets of its trials: all trials' results in trial order, the options without a
    /// subset, and the time spent summed over the parts.
    /// </summary>
    public static BenchmarkTaskRun JoinTrials(IReadOnlyList<BenchmarkTaskRun> parts, ExperimentOptions options)
    {
        if (parts.Count == 1 && parts[0].Options.TrialSubset is null) return parts[0];
        var first = parts[0];
        var trials = parts.SelectMany(p => p.Result.Trials).OrderBy(t => t.Trial).ToList();
        return first with
        {
            Options = options with { TrialSubset = null },
            Result = new TaskResult(first.Result.Task, trials, parts.Sum(p => p.Result.PretrainSeconds), parts.Sum(p => p.Result.TotalSeconds)),
        };
    }

    private string PathOf(LatencyTask task, string method, int trial) =>
        Path.Combine(Folder, $"{Spaces.SearchSpaceKindExtensions.Id(task.Space)}-{Unsafe().Replace(task.Name, "_")}-{method}-trial{trial}.json");

    // A trial's numbers do not depend on how many trials the run has, so a run with more trials reuses the first ones.
    private static string Signature(LatencyTask task, ExperimentOptions options) =>
        JsonSerializer.Serialize(new { task.Space, task.Name, task.Train, task.Test, Options = options with { Trials = 0 } }, BenchmarkReport.Json);

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex Unsafe();
}
