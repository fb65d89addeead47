using System.Diagnostics;
using System.Text.RegularExpressions;
using Nasflat.Data;
using Nasflat.Experiments;
using Nasflat.Experiments.Studies;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Sweeps;

namespace Nasflat.Runs;

/// <summary>
/// Runs one of the paper's ablation studies: every row is a bench run with the study's settings (in its own process,
/// which spreads its trials over worker processes as bench does). Finished rows are reused from the study folder, an
/// interrupted row runs only its missing tasks, and the cells of the report come from all of them.
/// </summary>
/// <param name="startBench">How to start the bench command with the given arguments (the CLI starts itself).</param>
public sealed partial class StudyRunner(StudyDefinition study, string folder, IReadOnlyList<string> overrides, DataCatalog catalog, int processes,
    Func<IReadOnlyList<string>, ProcessStartInfo> startBench)
{
    /// <summary>The default study folder: runs with other settings get their own, since rows are reused from it.</summary>
    public static string DefaultFolder(StudyDefinition study, IReadOnlyList<string> overrides) =>
        Path.Combine("runs", overrides.Count == 0 ? $"study-{study.Name}" : $"study-{study.Name}-{Slug(string.Join(' ', overrides))}");

    /// <summary>A row's folder name; rows can be chosen by it too, since some row names contain commas ("op-wise, transfer").</summary>
    public static string Slug(string row) => NonWord().Replace(row.ToLowerInvariant(), "-").Trim('-') is { Length: > 0 } slug ? slug : "row";

    /// <summary>The rows named (by name or folder name), or every row when none is named; an unknown name is an error listing the rows.</summary>
    public IReadOnlyList<StudyRow> Rows(IReadOnlyList<string>? names)
    {
        bool Chosen(StudyRow row, string given) => row.Name == given || Slug(row.Name) == given;
        if (names?.FirstOrDefault(r => study.Rows.All(row => !Chosen(row, r))) is { } unknown)
            throw new NasflatException($"Study {study.Name} has no row '{unknown}'; rows (name or folder name): {string.Join("; ", study.Rows.Select(r => $"{r.Name} ({Slug(r.Name)})"))}.");
        return study.Rows.Where(r => names is null || names.Any(given => Chosen(r, given))).ToList();
    }

    /// <summary>
    /// Runs the missing tasks of the chosen rows (none with <paramref name="reportOnly"/>), then returns every cell of
    /// the study table from the runs in the folder, and what each row cost. <paramref name="say"/> receives one line per row and space.
    /// </summary>
    /// <param name="shard">
    /// Run only this shard of every row (each row's bench run is split the same way into the row's folder), and return
    /// no cells: the report comes from <paramref name="reportOnly"/>, which joins each row's shards first.
    /// </param>
    public StudyTable Run(IReadOnlyList<StudyRow> rows, IReadOnlyList<string>? onlyTasks, bool reportOnly, Action<string> say,
        CancellationToken cancellation, Shard? shard = null)
    {
        var runs = new Dictionary<(string Row, SearchSpaceKind Space), BenchmarkRun>();
        foreach (var row in rows)
        {
            if (row.Unavailable is not null)
            {
                say($"{row.Name}: skipped, {row.Unavailable}");
                continue;
            }
            foreach (var space in study.Spaces)
            {
                var spaceTasks = study.TasksOf(space).Where(t => onlyTasks is null || onlyTasks.Contains(t) || onlyTasks.Contains(space.Id())).ToList();
                if (spaceTasks.Count == 0) continue;
                var rowFolder = new StudyRowFolder(Path.Combine(folder, Slug(row.Name), space.Id()));
                string label = $"{study.Name} · {row.Name} · {space.Id()}";
                if (reportOnly) JoinShards(rowFolder, spaceTasks, label, say, cancellation);
                var done = rowFolder.Read();
                var missing = StudyRowFolder.Missing(done, spaceTasks);
                if (missing.Count == 0) say($"{label}: reusing {rowFolder.Path}");
                else if (shard is { } mine && !reportOnly)
                {
                    // Every shard runs the row's whole task list into the row's own folder; the split is bench's.
                    say($"{label}: shard {mine} of {spaceTasks.Count} task(s) → {rowFolder.Path}");
                    RunBench(row, space, spaceTasks, rowFolder.Path, ["--shard", mine.ToString()], cancellation);
                    continue;
                }
                else if (reportOnly) say($"{label}: {missing.Count} task(s) not run yet ({string.Join(", ", missing)})");
                else
                {
                    string runFolder = rowFolder.NextRunFolder();
                    say($"{label}: {missing.Count} task(s) → {runFolder}");
                    RunBench(row, space, missing, runFolder, [], cancellation);
                    done = rowFolder.Read();
                }
                if (done is not null) runs[(row.Name, space)] = done;
            }
        }
        return StudyReport.Table(study, (row, space) => runs.GetValueOrDefault((row.Name, space)));
    }

    private void RunBench(StudyRow row, SearchSpaceKind space, IReadOnlyList<string> tasks, string runFolder, IReadOnlyList<string> extra, CancellationToken cancellation)
    {
        var args = new List<string> { "bench", "-t", string.Join(",", tasks), "-o", runFolder, "-p", processes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--data", catalog.Directory.Path, "--devices", catalog.DevicesDirectory };
        args.AddRange(study.BenchArguments(row, space, overrides));
        args.AddRange(extra);
        Processes.WorkerPool.Run([new($"bench run of row '{row.Name}' on {space.Id()}", startBench(args), ShareConsole: true)], cancellation);
    }

    /// <summary>A row run in shards gets its report once all its shards are there; until then it says which are missing.</summary>
    private void JoinShards(StudyRowFolder rowFolder, IReadOnlyList<string> tasks, string label, Action<string> say, CancellationToken cancellation)
    {
        if (!File.Exists(SweepManifest.PathIn(rowFolder.Path)) || StudyRowFolder.Missing(rowFolder.Read(), tasks).Count == 0) return;
        try
        {
            Processes.WorkerPool.Run([new($"join of the shards of {label}", startBench(["report", rowFolder.Path]))], cancellation);
        }
        catch (NasflatException e)
        {
            say($"{label}: not joined, {e.Message.Split('\n')[0]}");
        }
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();
}
