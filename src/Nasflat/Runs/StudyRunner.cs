using System.Diagnostics;
using System.Text.RegularExpressions;
using Nasflat.Data;
using Nasflat.Experiments;
using Nasflat.Experiments.Studies;
using Nasflat.Reporting;
using Nasflat.Spaces;

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
    /// the study table from the runs in the folder. <paramref name="say"/> receives one line per row and space.
    /// </summary>
    public IReadOnlyList<StudyCell> Run(IReadOnlyList<StudyRow> rows, IReadOnlyList<string>? onlyTasks, bool reportOnly, Action<string> say,
        CancellationToken cancellation)
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
                var done = rowFolder.Read();
                var missing = StudyRowFolder.Missing(done, spaceTasks);
                string label = $"{study.Name} · {row.Name} · {space.Id()}";
                if (missing.Count == 0) say($"{label}: reusing {rowFolder.Path}");
                else if (reportOnly) say($"{label}: {missing.Count} task(s) not run yet ({string.Join(", ", missing)})");
                else
                {
                    string runFolder = rowFolder.NextRunFolder();
                    say($"{label}: {missing.Count} task(s) → {runFolder}");
                    var args = new List<string> { "bench", "-t", string.Join(",", missing), "-o", runFolder, "-p", processes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "--data", catalog.Directory.Path, "--devices", catalog.DevicesDirectory };
                    args.AddRange(study.BenchArguments(row, space, overrides));
                    Processes.WorkerPool.Run([new($"bench run of row '{row.Name}' on {space.Id()}", startBench(args), ShareConsole: true)], cancellation);
                    done = rowFolder.Read();
                }
                if (done is not null) runs[(row.Name, space)] = done;
            }
        }
        return StudyReport.Cells(study, (row, space) => runs.GetValueOrDefault((row.Name, space)));
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();
}
