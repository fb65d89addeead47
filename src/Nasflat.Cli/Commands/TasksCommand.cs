using System.CommandLine;
using System.Globalization;
using Nasflat.Data;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Spectre.Console;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat tasks list|show|generate</c>: the task suite, task difficulty, and automatic partitioning.</summary>
internal static class TasksCommand
{
    public static Command Build()
    {
        var tasks = new Command("tasks", "List, inspect and generate few-shot latency tasks.");
        tasks.Subcommands.Add(List());
        tasks.Subcommands.Add(Show());
        tasks.Subcommands.Add(Generate());
        return tasks;
    }

    private static Command List()
    {
        var folder = new Option<string>("--dir") { Description = "Folder of saved task files to list too.", DefaultValueFactory = _ => "tasks" };
        var command = new Command("list", "The paper's 12 tasks (with their difficulty) and saved task files.") { folder };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            var all = PaperTasks.All.ToList();
            string dir = parse.GetValue(folder)!;
            if (Directory.Exists(dir)) all.AddRange(Directory.GetFiles(dir, "*.json").Order().Select(TaskFile.Read));
            var table = new Table().Border(TableBorder.Rounded).AddColumns("task", "train", "test", "difficulty", "mean best source ρ", "mean cross ρ");
            foreach (var task in all)
            {
                var d = TaskDifficulty.Assess(task, catalog.Space(task.Space).Latency);
                table.AddRow(task.Id, task.Train.Length.ToString(CultureInfo.InvariantCulture), task.Test.Length.ToString(CultureInfo.InvariantCulture),
                    d.Score.ToString("0.000", CultureInfo.InvariantCulture), d.BestSourceRho.Average().ToString("0.000", CultureInfo.InvariantCulture),
                    d.MeanCrossRho.ToString("0.000", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("difficulty = 1 − mean over test devices of their best ρ with a train device (0 = a perfectly correlated source exists).");
        }));
        return command;
    }

    private static Command Show()
    {
        var task = new Argument<string>("task") { Description = "A task id (nb201:N2) or task file." };
        var output = new Option<string?>("--out", "-o") { Description = "Heat-map PNG (default runs/tasks/<task>-correlations.png)." };
        var command = new Command("show", "A task's devices, difficulty, and a heat map of its train × test correlations.") { task, output };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            var chosen = TaskCatalog.ResolveOne(parse.GetValue(task)!);
            var d = TaskDifficulty.Assess(chosen, catalog.Space(chosen.Space).Latency);
            AnsiConsole.MarkupLineInterpolated($"[bold]{chosen.Id}[/]: {chosen.Train.Length} train → {chosen.Test.Length} test, difficulty {d.Score:0.000}");
            var table = new Table().Border(TableBorder.Rounded).AddColumn("train \\ test");
            foreach (string device in chosen.Test) table.AddColumn(Markup.Escape(device));
            for (int i = 0; i < chosen.Train.Length; i++)
                table.AddRow([Markup.Escape(chosen.Train[i]), .. Enumerable.Range(0, chosen.Test.Length).Select(j => d.Correlations[i, j].ToString("0.000", CultureInfo.InvariantCulture))]);
            table.AddRow(["[bold]best[/]", .. d.BestSourceRho.Select(v => $"[bold]{v:0.000}[/]")]);
            table.AddRow(["[bold]mean[/]", .. d.MeanSourceRho.Select(v => v.ToString("0.000", CultureInfo.InvariantCulture))]);
            AnsiConsole.Write(table);
            string path = parse.GetValue(output) ?? Path.Combine("runs", "tasks", $"{chosen.Id.Replace(':', '-')}-correlations.png");
            CorrelationHeatmap.Write(path, d);
            AnsiConsole.MarkupLineInterpolated($"Heat map: [bold]{path}[/]");
        }));
        return command;
    }

    private static Command Generate()
    {
        var space = new Option<string>("--space") { Description = "nb201 or fbnet.", Required = true };
        var train = new Option<int>("--train") { Description = "Number of train devices.", DefaultValueFactory = _ => 5 };
        var test = new Option<int>("--test") { Description = "Number of test devices.", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bisection's starting split.", DefaultValueFactory = _ => 1 };
        var pool = new Option<string?>("--pool") { Description = "Comma-separated devices to partition (default: the paper's pool of the space)." };
        var goal = new Option<PartitionGoal>("--goal") { Description = "Reference (as NASFLAT's script) or LeastCorrelated.", DefaultValueFactory = _ => PartitionGoal.Reference };
        var name = new Option<string?>("--name") { Description = "Task name (default gen-<train>x<test>-s<seed>)." };
        var output = new Option<string?>("--out", "-o") { Description = "Task file to write (default tasks/<space>-<name>.json)." };
        var command = new Command("generate", "Partition a device pool into a hard train/test task (Kernighan–Lin on device correlations) and save it.")
        {
            space, train, test, seed, pool, goal, name, output,
        };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            var latency = catalog.Space(SearchSpaceKindExtensions.ParseSpace(parse.GetValue(space)!)).Latency;
            var devices = parse.GetValue(pool) is { } list
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
                : TaskPartitioner.PaperPool(latency);
            var task = TaskPartitioner.Generate(latency, devices, parse.GetValue(train), parse.GetValue(test), parse.GetValue(seed),
                parse.GetValue(goal), parse.GetValue(name));
            var d = TaskDifficulty.Assess(task, latency);
            string path = parse.GetValue(output) ?? Path.Combine("tasks", $"{task.Space.Id()}-{task.Name}.json");
            TaskFile.Write(path, task);
            AnsiConsole.MarkupLineInterpolated($"[bold]{task.Id}[/] (difficulty {d.Score:0.000}, mean cross ρ {d.MeanCrossRho:0.000})");
            AnsiConsole.MarkupLineInterpolated($"  train: {string.Join(", ", task.Train)}");
            AnsiConsole.MarkupLineInterpolated($"  test:  {string.Join(", ", task.Test)}");
            AnsiConsole.MarkupLineInterpolated($"Saved [bold]{path}[/]; run it with `nasflat bench -t {path}`.");
        }));
        return command;
    }
}
