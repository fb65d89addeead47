using System.Globalization;
using System.Text;
using Nasflat.IO;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Experiments;
using Nasflat.Experiments.Studies;

namespace Nasflat.Reporting;

/// <summary>Our ρ of one study row on one task (or task group) at one k, next to the paper's.</summary>
public sealed record StudyCell(string Row, int K, string Task, double? Ours, double? OursStd, double? Paper)
{
    public double? Difference => Ours - Paper;
}

/// <summary>A study's cells and what each row that ran cost.</summary>
public sealed record StudyTable(IReadOnlyList<StudyCell> Cells, IReadOnlyList<StudyRowCost> Costs);

/// <summary>Builds and writes a study's table from the bench runs of its rows.</summary>
public static class StudyReport
{
    /// <param name="runOf">The finished bench run of a row on a space; null when it has not run.</param>
    public static StudyTable Table(StudyDefinition study, Func<StudyRow, SearchSpaceKind, BenchmarkRun?> runOf) =>
        new(Cells(study, runOf), [.. from row in study.Rows from space in study.Spaces
                                     let run = row.Unavailable is null ? runOf(row, space) : null
                                     where run is not null select StudyRowCost.Of(row.Name, space, run)]);

    /// <param name="runOf">The finished bench run of a row on a space; null when it has not run.</param>
    public static IReadOnlyList<StudyCell> Cells(StudyDefinition study, Func<StudyRow, SearchSpaceKind, BenchmarkRun?> runOf)
    {
        var cells = new List<StudyCell>();
        foreach (var row in study.Rows)
            foreach (int k in study.Ks)
                foreach (string column in study.Columns)
                {
                    double? paper = study.Paper.FirstOrDefault(p => p.Row == row.Name && p.K == k && p.Task == column)?.Value;
                    var members = study.Aggregates?.GetValueOrDefault(column) ?? [column];
                    var scores = members.Select(task => Score(runOf(row, SpaceOf(task)), task, k)).ToList();
                    bool complete = row.Unavailable is null && scores.All(s => s is not null);
                    double? ours = complete ? scores.Average(s => s!.Value.Mean) : null;
                    double? std = complete && members.Length == 1 ? scores[0]!.Value.Std : null;
                    if (ours is null && paper is null) continue;
                    cells.Add(new StudyCell(row.Name, k, column, ours, std, paper));
                }
        return cells;
    }

    private static SearchSpaceKind SpaceOf(string task) => SearchSpaceKindExtensions.ParseSpace(task.Split(':')[0]);

    private static MeanStd? Score(BenchmarkRun? run, string task, int k)
    {
        var found = run?.Tasks.FirstOrDefault(t => t.Task.Id == task && t.Method == Methods.NasflatMethod.MethodName);
        return found is not null && found.Result.Ks.Contains(k) ? found.Result.Spearman(k) : null;
    }

    /// <summary>Writes study.md, study.csv and study.png (the largest k) to a folder; returns the Markdown path.</summary>
    public static string Write(string folder, StudyDefinition study, StudyTable result, string commandLine, IReadOnlyList<string>? overrides = null)
    {
        var cells = result.Cells;
        Directory.CreateDirectory(folder);
        var csv = new CsvText("row", "k", "task", "ours", "ours_std", "paper", "difference");
        foreach (var c in cells) csv.Add(c.Row, c.K, c.Task, c.Ours, c.OursStd, c.Paper, c.Difference);
        AtomicFile.WriteAllText(Path.Combine(folder, "study.csv"), csv.ToString());
        string markdown = Path.Combine(folder, "study.md");
        AtomicFile.WriteAllText(markdown, Markdown(study, result, commandLine, overrides));
        WriteChart(Path.Combine(folder, "study.png"), study, cells);
        return markdown;
    }

    public static string Markdown(StudyDefinition study, StudyTable result, string commandLine, IReadOnlyList<string>? overrides = null)
    {
        var cells = result.Cells;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Study: {study.Title} ({study.Section})").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{commandLine}`").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Shared settings (`nasflat bench` arguments): `{string.Join(' ', study.Arguments)}`");
        foreach (var (space, args) in study.SpaceArguments ?? new Dictionary<string, string[]>())
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"Also on {space}: `{string.Join(' ', args)}`").AppendLine();
        if (overrides is { Count: > 0 })
            text.AppendLine().Append(CultureInfo.InvariantCulture,
                $"**Replaced for this run** (not the paper's settings; the paper's numbers beside ours were measured without them): `{string.Join(' ', overrides)}`").AppendLine();
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"The paper's first reading: {study.Reading}").AppendLine();
        text.AppendLine("Each cell: our Spearman ρ (mean over trials and target devices) / the paper's; – where one is missing.").AppendLine();
        foreach (int k in study.Ks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"## k = {k}").AppendLine();
            var table = new MarkdownTable(["row", .. study.Columns]);
            foreach (var row in study.Rows)
            {
                var values = study.Columns.Select(column => cells.FirstOrDefault(c => c.Row == row.Name && c.K == k && c.Task == column) is { } c
                    ? $"{F(c.Ours)} / {F(c.Paper)}" : "–").ToArray();
                if (values.All(v => v == "–")) continue;
                table.Add([row.Name, .. values]);
            }
            text.AppendLine(table.ToString());
        }
        var notes = study.Rows.Where(r => r.Unavailable is not null || r.Note is not null).ToList();
        if (notes.Count > 0)
        {
            text.AppendLine("Rows:").AppendLine();
            foreach (var r in notes) text.AppendLine(CultureInfo.InvariantCulture, $"- **{r.Name}**: {r.Unavailable ?? r.Note}");
            text.AppendLine();
        }
        AppendCosts(text, result.Costs);
        text.AppendLine("Row arguments:").AppendLine();
        foreach (var r in study.Rows.Where(r => r.Unavailable is null))
            text.AppendLine(CultureInfo.InvariantCulture, $"- **{r.Name}**: NB201 `{string.Join(' ', r.ArgumentsFor(SearchSpaceKind.Nb201))}`, FBNet `{string.Join(' ', r.ArgumentsFor(SearchSpaceKind.Fbnet))}`");
        return text.ToString();
    }

    private static void AppendCosts(StringBuilder text, IReadOnlyList<StudyRowCost> costs)
    {
        if (costs.Count == 0) return;
        text.AppendLine("## What each row ran").AppendLine();
        text.AppendLine("Task time is summed over the row's tasks: with several worker processes (`-p`) they ran side by side, so the " +
            "wall-clock time was shorter.").AppendLine();
        var table = new MarkdownTable(["row", "space", "tasks", "trials", "pretraining architectures per device", "task time", "machine"]);
        foreach (var c in costs)
            table.Add([c.Row, c.Space, c.Tasks.ToString(CultureInfo.InvariantCulture), c.Trials, c.PretrainSamplesPerDevice, Minutes(c.TaskSeconds), c.Machine]);
        text.AppendLine(table.ToString());
        text.AppendLine(CultureInfo.InvariantCulture, $"All rows: {Minutes(costs.Sum(c => c.TaskSeconds))} of task time.").AppendLine();
    }

    private static string Minutes(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.0} min");

    private static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    private static void WriteChart(string path, StudyDefinition study, IReadOnlyList<StudyCell> cells)
    {
        int k = study.Ks.Max();
        var palette = new ScottPlot.Palettes.Category10();
        var rows = study.Rows.Where(r => r.Unavailable is null).ToList();
        var series = new List<GroupedBarChart.Series>();
        for (int i = 0; i < rows.Count; i++)
        {
            var color = palette.GetColor(i);
            series.Add(new(rows[i].Name, color, study.Columns.Select(t => Find(cells, rows[i].Name, k, t)?.Ours).ToList()));
            series.Add(new($"{rows[i].Name} (paper)", color.WithAlpha(0.35), study.Columns.Select(t => Find(cells, rows[i].Name, k, t)?.Paper).ToList()));
        }
        GroupedBarChart.Write(path, study.Columns, series, $"Spearman ρ (k = {k})", $"{study.Title}: ours (solid) and the paper (pale)", null, 16 * series.Count + 30);
    }

    private static StudyCell? Find(IReadOnlyList<StudyCell> cells, string row, int k, string task) =>
        cells.FirstOrDefault(c => c.Row == row && c.K == k && c.Task == task);
}
