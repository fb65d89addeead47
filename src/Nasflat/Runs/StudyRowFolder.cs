using Nasflat.Reporting;
using Nasflat.Experiments;
using Nasflat.Experiments.Studies;

namespace Nasflat.Runs;

/// <summary>
/// Where a study keeps one row's bench runs on one space, and which of its tasks are done. Bench rewrites its
/// results.json after every finished task, so an interrupted row leaves a partial file; the missing tasks then run
/// into a further folder (<c>more-1</c>, <c>more-2</c> …) and the row's results are the union of all of them.
/// </summary>
public sealed class StudyRowFolder(string path)
{
    public string Path { get; } = path;

    /// <summary>Every run written so far: the row folder's own, then the continuation folders in order.</summary>
    private IEnumerable<string> RunFolders()
    {
        if (File.Exists(System.IO.Path.Combine(Path, "results.json"))) yield return Path;
        for (int n = 1; File.Exists(System.IO.Path.Combine(Path, $"more-{n}", "results.json")); n++)
            yield return System.IO.Path.Combine(Path, $"more-{n}");
    }

    /// <summary>The row's runs joined (<see cref="BenchmarkReport.Combine"/>), or null before any run.</summary>
    public BenchmarkRun? Read()
    {
        var runs = RunFolders().Select(BenchmarkReport.Read).ToList();
        return runs.Count == 0 ? null : BenchmarkReport.Combine(runs);
    }

    /// <summary>The tasks of <paramref name="wanted"/> that the row's runs (as <see cref="Read"/> returned them) have not finished.</summary>
    public static IReadOnlyList<string> Missing(BenchmarkRun? done, IReadOnlyList<string> wanted)
    {
        var finished = done?.Tasks.Select(t => t.Task.Id).ToHashSet() ?? [];
        return wanted.Where(t => !finished.Contains(t)).ToList();
    }

    /// <summary>The folder the next bench run of this row writes to.</summary>
    public string NextRunFolder()
    {
        int existing = RunFolders().Count();
        if (existing == 0) return Path;
        // A continuation that was itself interrupted has a partial results.json of its own; count it as a run and move on.
        return System.IO.Path.Combine(Path, $"more-{existing}");
    }
}
