using System.CommandLine;
using System.Diagnostics;
using Nasflat.Experiments.Studies;
using Nasflat.Processes;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Spectre.Console;
using Nasflat.Experiments;
using Nasflat.Runs;
using Nasflat.Sweeps;

namespace Nasflat.Cli.Commands;

/// <summary>
/// <c>nasflat study &lt;name&gt;</c>: reruns one of the paper's ablation tables. Every row is a `nasflat bench` run with
/// the study's settings (a worker process per core, as bench does); finished rows are kept, so an interrupted study
/// resumes. The report puts our ρ next to the paper's.
/// </summary>
internal static class StudyCommand
{
    public static Command Build()
    {
        var name = new Argument<string>("name") { Description = "gnn, hw-embedding, samplers, encodings, pretrain-size, components, or 'list'." };
        var output = new Option<string?>("--out", "-o") { Description = "Study folder (default runs/study-<name>); rows already run there are reused." };
        var tasks = new Option<string?>("--tasks", "-t") { Description = "Only these of the study's tasks (comma-separated ids, or a space: nb201, fbnet)." };
        var rows = new Option<string?>("--rows") { Description = "Only these rows (comma-separated names as in `study list`, or their folder names such as op-wise-transfer)." };
        var trials = new Option<int?>("--trials") { Description = "Trials per task instead of the study's (fewer: faster, noisier)." };
        var reportOnly = new Option<bool>("--report-only") { Description = "Write the report from the rows already run (finished tasks only); run nothing." };
        var quick = new Option<bool>("--quick") { Description = "Smoke test: bench's quick preset (few epochs, one trial) for every row." };
        var set = new Option<string?>("--set")
        {
            Description = "Bench options that replace the study's for every row, e.g. --set \"--pretrain-samples 64\" (cheaper than the paper's settings; the report names them).",
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "Run only shard i of n of every row (e.g. 2/3) into the study folder (-o); 'nasflat report <folder>' joins them. 'nasflat sweep slurm -- study …' submits the shards.",
        };
        var processes = new Option<int>("--processes", "-p") { Description = "Worker processes per bench run.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("study", "Rerun one of the paper's ablation studies (§8.3–§8.8) and print our table next to the paper's (Markdown, CSV, chart).")
        {
            name, output, tasks, rows, trials, quick, set, reportOnly, shard, processes,
        };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            if (parse.GetValue(name) == "list")
            {
                List();
                return;
            }
            var study = StudyCatalog.Find(parse.GetValue(name)!);
            var overrides = Overrides(parse.GetValue(set), parse.GetValue(trials), parse.GetValue(quick));
            string folder = parse.GetValue(output) ?? StudyRunner.DefaultFolder(study, overrides);
            var runner = new StudyRunner(study, folder, overrides, NasflatCli.Catalog(parse), parse.GetValue(processes), NasflatCli.StartSelf);
            var chosen = runner.Rows(Split(parse.GetValue(rows)));
            var watch = Stopwatch.StartNew();
            void Say(string line) => AnsiConsole.MarkupLine(Markup.Escape(line));
            if (parse.GetValue(shard) is { } shardText && !parse.GetValue(reportOnly))
            {
                var mine = Shard.Parse(shardText);
                ShardRunner.Track(mine, SweepCommand.SweepOf(parse, mine.Count), folder, 0,
                    () => runner.Run(chosen, Split(parse.GetValue(tasks)), false, Say, NasflatCli.Cancellation, mine));
                AnsiConsole.MarkupLineInterpolated($"Shard {mine} done. When every shard is: [bold]nasflat report {folder}[/] (see [bold]nasflat sweep status {folder}[/]).");
                return;
            }
            var table = runner.Run(chosen, Split(parse.GetValue(tasks)), parse.GetValue(reportOnly), Say, NasflatCli.Cancellation);
            Render(study, table.Cells);
            string markdown = StudyReport.Write(folder, study, table, "nasflat " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), overrides);
            AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{markdown}[/], study.csv and study.png ({watch.Elapsed.TotalMinutes:0.0} min).");
        }));
        return command;
    }

    private static IReadOnlyList<string> Overrides(string? set, int? trials, bool quick)
    {
        var result = new List<string>(set?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? []);
        if (trials is { } n) result.AddRange(["--trials", n.ToString()]);
        if (quick) result.Add("--quick");
        return result;
    }

    private static string[]? Split(string? list) => list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void List()
    {
        foreach (var study in StudyCatalog.All)
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]{study.Name}[/] ({study.Section}): {study.Title}");
            AnsiConsole.MarkupLineInterpolated($"  rows: {string.Join(" | ", study.Rows.Select(r => r.Unavailable is null ? r.Name : r.Name + " (unavailable)"))}");
            AnsiConsole.MarkupLineInterpolated($"  tasks: {string.Join(",", study.Tasks)}; k: {string.Join(",", study.Ks)}; settings: {string.Join(' ', study.Arguments)}");
        }
    }

    private static void Render(StudyDefinition study, IReadOnlyList<StudyCell> cells)
    {
        foreach (int k in study.Ks)
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"{study.Name} ({study.Section}), k = {k}: ours / paper").AddColumns(["row", .. study.Columns]);
            foreach (var row in study.Rows)
            {
                var values = study.Columns.Select(t => cells.FirstOrDefault(c => c.Row == row.Name && c.K == k && c.Task == t) is { } c
                    ? $"{(c.Ours is { } o ? o.ToString("0.000") : "–")} / {(c.Paper is { } p ? p.ToString("0.000") : "–")}" : "–").ToArray();
                if (values.Any(v => v != "–")) table.AddRow([Markup.Escape(row.Name), .. values]);
            }
            AnsiConsole.Write(table);
        }
    }
}
