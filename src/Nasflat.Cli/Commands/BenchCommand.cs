using System.CommandLine;
using System.Globalization;
using Nasflat.Baselines;
using Nasflat.Data;
using Nasflat.Experiments;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Spectre.Console;
using Nasflat.Native;
using Nasflat.Runs;
using Nasflat.Sweeps;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat bench</c>: runs transfer tasks with the headline configurations and reports them next to the paper.</summary>
internal static class BenchCommand
{
    private static readonly Option<string> Tasks = new("--tasks", "-t")
    {
        Description = "Tasks: paper ids (nb201:ND,fbnet:F3), a space (nb201), 'all', or task files (.json).",
        DefaultValueFactory = _ => "all",
    };
    private static readonly Option<string?> Train = new("--train") { Description = "A user task instead: comma-separated source devices (with --test and --space)." };
    private static readonly Option<string?> Test = new("--test") { Description = "Comma-separated target devices of the user task." };
    private static readonly Option<string?> Space = new("--space") { Description = "Space of the user task: nb201 or fbnet." };
    private static readonly Option<string?> Out = new("--out", "-o")
    {
        Description = "Output folder (default runs/bench-<time>). A folder of an interrupted run resumes it: trials saved there with the same settings are not run again.",
    };
    private static readonly Option<int?> Threads = new("--threads") { Description = "Torch intra-op threads per process (default: libtorch's choice, one per core)." };
    private static readonly Option<int> Processes = new("--processes", "-p")
    {
        Description = "Worker processes, one thread each, when several tasks run (default: one per core; 1 runs in this process).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };
    private static readonly Option<string> Methods = new("--methods", "-m")
    {
        Description = $"Methods to run side by side with the same samples: {string.Join(", ", FewShotMethods.Names)}, or 'all'.",
        DefaultValueFactory = _ => FewShotMethods.Nasflat,
    };
    private static readonly Option<EvaluationProtocol> Protocol = new("--protocol")
    {
        Description = "Nasflat (all measured archs, default) or Help (HELP's own: first 900/4000 archs to learn from, the next 1000 without outliers to score).",
        DefaultValueFactory = _ => EvaluationProtocol.Nasflat,
    };
    private static readonly Option<string?> BaselineSettings = new("--baseline-options")
    {
        Description = "JSON file with baseline settings, e.g. {\"MultiPredict\": {\"TransferEpochs\": 100}} (see docs/baselines.md).",
    };
    private static readonly Option<string?> Lodo = new("--lodo")
    {
        Description = "Leave-one-device-out on a space (nb201 or fbnet): every device is a target once, its near-copies kept out of its sources " +
            "(default k 5,10,20,50; docs/lodo.md).",
    };
    private static readonly Option<double> NearCopy = new("--near-copy")
    {
        Description = "With --lodo: devices whose latencies correlate with a target above this Spearman ρ are kept out of its sources.",
        DefaultValueFactory = _ => LodoPlan.DefaultNearCopyThreshold,
    };
    private static readonly Option<int> Folds = new("--folds")
    {
        Description = "With --lodo: folds of targets that share one pretraining (more folds: more sources per target, more pretrainings).",
        DefaultValueFactory = _ => LodoPlan.DefaultFolds,
    };
    private static readonly IReadOnlyList<int> LodoK = [5, 10, 20, 50];

    private static readonly Option<string?> ShardOption = new("--shard")
    {
        Description = "Run only shard i of n of this run (e.g. 2/3; the unit is one trial of one task) and save its trials into the run folder (-o, required); " +
            "'nasflat report <run>' joins the shards. 'nasflat sweep slurm' submits every shard as a SLURM array job.",
    };
    private static readonly Option<bool> Join = new("--join")
    {
        Description = "Join the shards saved in the run folder (-o) into the report (what 'nasflat report <run>' does).",
        Hidden = true,
    };

    private static readonly Option<bool> ProgressLines = new("--progress-lines")
    {
        Description = "Run as a worker: report progress as machine-readable lines and save finished trials without writing the report.",
        Hidden = true,
    };
    private static readonly Option<string?> TrialSubsets = new("--trial-subsets")
    {
        Description = "Per task, in --tasks order and separated by ';': the trials to run, e.g. '0,2;all' (used by worker processes).",
        Hidden = true,
    };

    public static Command Build()
    {
        var command = new Command("bench", "Pretrain on each task's source devices, transfer to its targets from k samples, and report ρ next to the paper.")
        {
            Tasks, Train, Test, Space, Out, Threads, Processes, Methods, Protocol, BaselineSettings, Lodo, NearCopy, Folds, ShardOption, Join, ProgressLines, TrialSubsets,
        };
        ExperimentCliOptions.AddTo(command);
        command.SetAction(parse => NasflatCli.Guard(() => Execute(parse, NasflatCli.Cancellation)));
        return command;
    }

    /// <summary>
    /// <c>nasflat report</c>: the report of a sweep's run folder, joined from its shards; or one report from several
    /// bench runs (e.g. NASFLAT and the baselines run separately).
    /// </summary>
    public static Command BuildReport()
    {
        var runs = new Argument<string[]>("runs")
        {
            Description = "A sweep's run folder (its shards are joined into its report), or folders written by 'nasflat bench' to combine (later ones replace the same task and method).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the combined report (required when combining runs)." };
        var command = new Command("report", "Join a sharded run's parts into its report, or combine several bench runs into one report with every method side by side.")
        {
            runs, output,
        };
        command.SetAction(parse =>
        {
            var folders = parse.GetValue(runs)!;
            string? combinedFolder = parse.GetValue(output);
            SweepManifest? sweep = null;
            int checkedInput = NasflatCli.Guard(() =>
            {
                if (combinedFolder is not null) return;
                if (folders.Length > 1) throw new NasflatException("Combining runs needs -o <folder> for the combined report.");
                sweep = SweepManifest.Read(folders[0]) ?? throw new NasflatException(
                    $"{Path.GetFullPath(folders[0])} is not a sharded run (no {SweepManifest.FileName}); to combine bench runs into one report, add -o <folder>.");
            });
            if (checkedInput != NasflatCli.Success) return checkedInput;
            // A sweep's report is its own command run in join mode: the same code writes it as writes an unsharded run's.
            if (sweep is not null) return NasflatCli.Run([.. sweep.Arguments, "--out", folders[0], sweep.Command == "study" ? "--report-only" : "--join"]);
            return NasflatCli.Guard(() =>
            {
                var combined = BenchmarkReport.Combine([.. folders.Select(BenchmarkReport.Read)]);
                BenchmarkReport.Write(combinedFolder!, combined);
                Render(combined);
                AnsiConsole.MarkupLineInterpolated($"Report: [bold]{Path.Combine(Path.GetFullPath(combinedFolder!), "report.md")}[/]");
            });
        });
        return command;
    }

    /// <summary><c>nasflat chart</c>: the every-method chart redrawn from a report's tasks.csv (e.g. after rows were replaced).</summary>
    public static Command BuildChart()
    {
        var table = new Argument<string>("tasks-csv") { Description = "A tasks.csv written by 'nasflat bench' or 'nasflat report'." };
        var output = new Option<string>("--out", "-o") { Description = "PNG to write.", Required = true };
        var command = new Command("chart", "Draw every method per task (Spearman ρ) from a tasks.csv.") { table, output };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            string path = parse.GetValue(output)!;
            MethodComparison.WriteChart(path, MethodComparison.ReadScores(parse.GetValue(table)!));
            AnsiConsole.MarkupLineInterpolated($"Chart: [bold]{Path.GetFullPath(path)}[/]");
        }));
        return command;
    }

    /// <summary>What a bench command line asks for: its tasks, methods and options per task, all checked.</summary>
    internal sealed record Setup(DataCatalog Catalog, IReadOnlyList<LatencyTask> Tasks, IReadOnlyList<string> Methods,
        Func<LatencyTask, ExperimentOptions> OptionsFor, LodoPlan? Lodo, bool LodoK)
    {
        public RunPlan Plan() => RunPlan.Create(Catalog, Tasks, Methods, OptionsFor);
    }

    /// <summary>Resolves and checks the command's tasks, methods and options before anything runs or is named.</summary>
    internal static Setup Resolve(ParseResult parse)
    {
        var catalog = NasflatCli.Catalog(parse);
        CheckLodoOptions(parse);
        var lodo = parse.GetValue(Lodo) is { } lodoSpace
            ? LodoPlan.Create(catalog.Space(SearchSpaceKindExtensions.ParseSpace(lodoSpace)).Latency, parse.GetValue(NearCopy), parse.GetValue(Folds))
            : null;
        bool lodoK = lodo is not null && !ExplicitK(parse);
        var tasks = lodo?.Folds ?? SelectTasks(parse);
        var methods = FewShotMethods.Parse(parse.GetValue(Methods)!);
        var protocol = parse.GetValue(Protocol);
        var baselineOverlay = parse.GetValue(BaselineSettings) is { } file ? BaselineOptions.ReadOverlay(file) : null;
        var subsets = ParseTrialSubsets(parse.GetValue(TrialSubsets), tasks.Count);
        ExperimentOptions OptionsFor(LatencyTask task)
        {
            var options = ExperimentCliOptions.For(parse, catalog, task.Space) with { Protocol = protocol, TrialSubset = subsets[IndexOf(tasks, task)] };
            if (lodoK) options = options with { K = LodoK };
            return baselineOverlay is null ? options : options with { Baselines = baselineOverlay(options.Baselines) };
        }
        var setup = new Setup(catalog, tasks, methods, OptionsFor, lodo, lodoK);
        setup.Plan();
        return setup;
    }

    private static void Execute(ParseResult parse, CancellationToken cancellation)
    {
        var setup = Resolve(parse);
        var (catalog, tasks, methods, OptionsFor, lodo, lodoK) = setup;
        var shard = parse.GetValue(ShardOption) is { } shardText ? Shard.Parse(shardText) : (Shard?)null;
        if ((shard is not null || parse.GetValue(Join)) && parse.GetValue(Out) is null)
            throw new NasflatException($"{(shard is null ? "--join" : "--shard")} needs the sweep's run folder; add -o <folder>, the same for every shard.");
        if (parse.GetValue(Threads) is { } threads) Nasflat.Native.TorchRuntime.UseThreads(threads);
        string output = parse.GetValue(Out) ?? Path.Combine("runs", lodo is null ? $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}" : $"lodo-{lodo.Space.Id()}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var environment = RunEnvironment.Capture("nasflat " + string.Join(" ", Environment.GetCommandLineArgs().Skip(1)));

        if (parse.GetValue(ProgressLines))
        {
            // A worker: no bars, one progress line per epoch for the parent to render; it saves parts, the parent reports.
            Benchmark.Run(catalog, tasks, methods, OptionsFor, output, environment,
                new LineProgress(line => { Console.Out.WriteLine(line); Console.Out.Flush(); }), cancellation: cancellation, writeReport: false);
            return;
        }
        if (parse.GetValue(Join))
        {
            JoinShards(setup, output);
            return;
        }
        if (shard is { } mine)
        {
            RunShard(parse, setup, mine, output, environment, cancellation);
            return;
        }

        AnsiConsole.MarkupLineInterpolated($"Benchmark of {tasks.Count} task(s) × {methods.Count} method(s) ({string.Join(", ", methods)}) → [bold]{Path.GetFullPath(output)}[/]");
        var planned = setup.Plan().Planned;
        int resumed = new RunParts(output).CountDone(planned, methods);
        if (resumed > 0)
            AnsiConsole.MarkupLineInterpolated($"Resuming: {resumed} of {planned.Sum(p => p.Options.TrialIndices.Count) * methods.Count} trials are already in {Path.GetFullPath(output)}.");

        // Trials are the unit of parallel work, so even one task uses every worker.
        int processes = Math.Min(parse.GetValue(Processes), tasks.Sum(t => OptionsFor(t).TrialIndices.Count));
        BenchmarkRun completed;
        try
        {
            completed = RunWithBars(tasks, methods, OptionsFor, processes > 1
                ? (progress, done) => new WorkerProcesses(catalog, output, environment).Run(tasks, methods, OptionsFor, processes,
                    (files, trials, folder) => WorkerStart(parse, catalog, files, trials, folder, lodoK), progress, done, cancellation)
                : (progress, done) => Benchmark.Run(catalog, tasks, methods, OptionsFor, output, environment, progress, done, cancellation));
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLineInterpolated($"Finished trials are saved in [bold]{Path.GetFullPath(output)}[/]; to resume, run the same command with [bold]-o {output}[/].");
            throw;
        }
        WriteReport(completed, lodo, output, resumed > 0 ? null : wall.Elapsed);
    }

    /// <summary>The report of a finished run, the same whether it ran in one go, resumed, or in shards joined later.</summary>
    private static void WriteReport(BenchmarkRun completed, LodoPlan? lodo, string output, TimeSpan? wallTime)
    {
        if (lodo is not null)
        {
            string command = completed.Environment.CommandLine;
            LodoReport.Write(output, completed, lodo, command, wallTime);
            RenderLodo(completed, lodo);
            AnsiConsole.MarkupLineInterpolated($"Report: [bold]{Path.Combine(Path.GetFullPath(output), "lodo.md")}[/] (also lodo-summary.csv, lodo-targets.csv, lodo.png)");
            return;
        }
        BenchmarkReport.Write(output, completed);
        Render(completed);
        AnsiConsole.MarkupLineInterpolated($"Report: [bold]{Path.Combine(Path.GetFullPath(output), "report.md")}[/] (also results.json, tasks.csv, devices.csv, trials.csv, chart.png)");
    }

    /// <summary>
    /// One shard: its trials run in single-threaded worker processes, as an unsharded run's trials do, so the joined
    /// numbers are the same however the run was split.
    /// </summary>
    private static void RunShard(ParseResult parse, Setup setup, Shard shard, string output, RunEnvironment environment, CancellationToken cancellation)
    {
        var plan = setup.Plan();
        var manifest = SweepCommand.SweepOf(parse, shard.Count);
        int units = plan.UnitsOf(shard).Count;
        AnsiConsole.MarkupLineInterpolated($"Shard {shard} of `{manifest.CommandLine}`: {units} of {plan.Units().Count} trial(s) → [bold]{Path.GetFullPath(output)}[/]");
        int processes = Math.Max(1, Math.Min(parse.GetValue(Processes), units));
        try
        {
            ShardRunner.Run(plan, shard, manifest, output, (tasks, optionsFor) =>
                RunWithBars(tasks, setup.Methods, optionsFor, (progress, done) => new WorkerProcesses(setup.Catalog, output, environment).Run(tasks, setup.Methods,
                    optionsFor, processes, (files, trials, folder) => WorkerStart(parse, setup.Catalog, files, trials, folder, setup.LodoK), progress, done,
                    cancellation, writeReport: false)));
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLineInterpolated($"Shard {shard} stopped; its finished trials are saved. Run the same command again to finish it.");
            throw;
        }
        AnsiConsole.MarkupLineInterpolated($"Shard {shard} done. When every shard is: [bold]nasflat report {output}[/] (see [bold]nasflat sweep status {output}[/]).");
    }

    /// <summary>Joins a sweep's parts into the report, or says which shards have not finished.</summary>
    private static void JoinShards(Setup setup, string output)
    {
        var plan = setup.Plan();
        var manifest = SweepManifest.Read(output) ?? throw new NasflatException($"{Path.GetFullPath(output)} is not a sweep (no {SweepManifest.FileName}); run its shards with --shard i/n first.");
        var parts = new RunParts(output);
        var missing = plan.Units().Where(u => !plan.IsDone(u, parts)).ToList();
        if (missing.Count > 0)
        {
            var shards = plan.ShardsOf(missing, manifest.Shards);
            throw new NasflatException($"{missing.Count} of {plan.Units().Count} trials are not in {Path.GetFullPath(output)} yet: shard(s) {string.Join(", ", shards)} " +
                $"have not finished. 'nasflat sweep status {output}' shows them; rerun one with `{manifest.CommandLine} -o {output} --shard i/{manifest.Shards}`.");
        }
        var completed = new BenchmarkRun(RunEnvironment.Capture(manifest.CommandLine + $" (joined from {manifest.Shards} shard(s))"),
            [.. from p in plan.Planned from m in setup.Methods select parts.Join(p.Task, m, p.Options)!]);
        WriteReport(completed, setup.Lodo, output, null);
    }

    private static bool ExplicitK(ParseResult parse) => Given(parse, parse.CommandResult.Command.Options.First(o => o.Name == "-k"));

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>--lodo makes its own tasks, and --near-copy/--folds only shape them: a mix-up is an error, not silently ignored.</summary>
    private static void CheckLodoOptions(ParseResult parse)
    {
        bool lodo = parse.GetValue(Lodo) is not null;
        if (!lodo && (Given(parse, NearCopy) || Given(parse, Folds)))
            throw new NasflatException($"{(Given(parse, NearCopy) ? NearCopy.Name : Folds.Name)} shapes a leave-one-device-out run; add --lodo nb201 or --lodo fbnet.");
        if (lodo && new Option[] { Tasks, Train, Test, Space }.FirstOrDefault(o => Given(parse, o)) is { } clash)
            throw new NasflatException($"--lodo makes every device of its space a target and replaces {clash.Name}; drop {clash.Name}.");
    }

    /// <summary>Per k, every method's mean, median and worst-decile ρ over the held-out targets, best first.</summary>
    private static void RenderLodo(BenchmarkRun run, LodoPlan plan)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("k", "method", "mean ρ", "median ρ", "worst decile ρ", "mean τ", "MAPE", "within ±10 %");
        foreach (var s in LodoReport.Summaries(LodoReport.Cells(run, plan)))
            table.AddRow(s.K.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Method), $"{s.MeanRho:0.000}", $"{s.MedianRho:0.000}",
                $"{s.WorstDecileRho:0.000}", $"{s.MeanTau:0.000}", s.MeanMape is { } m ? $"{100 * m:0.0} %" : "", s.MeanWithin10 is { } w ? $"{100 * w:0.0} %" : "");
        AnsiConsole.Write(table);
    }

    /// <summary>Runs the benchmark under one progress bar per task and method; a finished run's bar shows its ρ.</summary>
    private static BenchmarkRun RunWithBars(IReadOnlyList<LatencyTask> tasks, IReadOnlyList<string> methods, Func<LatencyTask, ExperimentOptions> optionsFor,
        Func<IProgress<ExperimentProgress>, Action<BenchmarkTaskRun>, BenchmarkRun> run)
    {
        BenchmarkRun? completed = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var bars = (from t in tasks from m in methods select (Key: Benchmark.ProgressKey(t, m), Task: t, Method: m))
                    .ToDictionary(b => b.Key, b => context.AddTask(Markup.Escape(b.Key), maxValue: FewShotExperiment.WorkUnits(b.Task, optionsFor(b.Task))));
                void Done(BenchmarkTaskRun run)
                {
                    var bar = bars[Benchmark.ProgressKey(run.Task, run.Method)];
                    bar.Value = bar.MaxValue;
                    bar.Description = Markup.Escape($"{Benchmark.ProgressKey(run.Task, run.Method)}: ρ {run.Result.Spearman(run.Options.K[^1]).Mean:0.000}");
                }
                completed = run(new Progress(bars), Done);
            });
        return completed!;
    }

    /// <summary>
    /// This same command for a subset of the tasks, single-threaded, reporting progress lines and saving parts into the
    /// run folder: the user's model and training options are passed on unchanged, the task selection, threads and
    /// processes are replaced.
    /// </summary>
    private static System.Diagnostics.ProcessStartInfo WorkerStart(ParseResult parse, DataCatalog catalog, IReadOnlyList<string> taskFiles,
        IReadOnlyList<IReadOnlyList<int>?> trials, string folder, bool lodoK)
    {
        var replaced = new HashSet<string> { Tasks.Name, Train.Name, Test.Name, Space.Name, Out.Name, Threads.Name, Processes.Name, ProgressLines.Name,
            TrialSubsets.Name, NasflatCli.DataOption.Name, NasflatCli.DevicesOption.Name, Lodo.Name, NearCopy.Name, Folds.Name, ShardOption.Name, Join.Name };
        var args = new List<string> { "bench", "--tasks", string.Join(",", taskFiles), "--out", folder, "--threads", "1", "--processes", "1",
            "--progress-lines", "--data", catalog.Directory.Path, "--devices", catalog.DevicesDirectory,
            "--trial-subsets", string.Join(";", trials.Select(t => t is null ? "all" : string.Join(",", t))) };
        if (lodoK) args.AddRange(["-k", string.Join(",", LodoK)]); // the folds travel as task files; their k goes with them
        foreach (var option in parse.CommandResult.Command.Options.Where(o => !replaced.Contains(o.Name)))
        {
            if (parse.GetResult(option) is not { Implicit: false } result) continue;
            args.Add(option.Name);
            args.AddRange(result.Tokens.Select(t => t.Value));
        }
        return NasflatCli.StartSelf(args);
    }

    private static int IndexOf(IReadOnlyList<LatencyTask> tasks, LatencyTask task)
    {
        for (int i = 0; i < tasks.Count; i++) if (ReferenceEquals(tasks[i], task)) return i;
        throw new InvalidOperationException($"Task {task.Id} is not in the run.");
    }

    private static IReadOnlyList<int>?[] ParseTrialSubsets(string? text, int taskCount)
    {
        var subsets = new IReadOnlyList<int>?[taskCount];
        if (text is null) return subsets;
        var entries = text.Split(';');
        if (entries.Length != taskCount)
            throw new NasflatException($"--trial-subsets has {entries.Length} entries for {taskCount} tasks; give one per task ('all' or e.g. 0,2).");
        for (int i = 0; i < taskCount; i++)
            subsets[i] = entries[i].Trim() == "all" ? null
                : entries[i].Split(',').Select(t => int.TryParse(t, out int trial) ? trial
                    : throw new NasflatException($"--trial-subsets entry {i + 1} has '{t}', which is not a trial number; use 'all' or e.g. 0,2.")).ToList();
        return subsets;
    }

    private sealed class LineProgress(Action<string> write) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => write(WorkerProcesses.FormatProgress(value));
    }

    /// <summary>Synchronous progress sink: Spectre's task values are thread-safe, and System.Progress would post to the thread pool.</summary>
    private sealed class Progress(Dictionary<string, ProgressTask> bars) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value)
        {
            var bar = bars[value.Task];
            bar.Value = value.Done;
            bar.Description = Markup.Escape($"{value.Task}: {value.Stage}");
        }
    }

    private static IReadOnlyList<LatencyTask> SelectTasks(ParseResult parse)
    {
        string? train = parse.GetValue(Train), test = parse.GetValue(Test), space = parse.GetValue(Space);
        if (train is null && test is null) return TaskCatalog.Resolve(parse.GetValue(Tasks)!);
        if (train is null || test is null || space is null)
            throw new NasflatException("A user task needs --train, --test and --space together.");
        return [TaskCatalog.Custom(SearchSpaceKindExtensions.ParseSpace(space), "custom", train.Split(','), test.Split(','))];
    }

    private static void Render(BenchmarkRun run)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns(TaskRow.Headers);
        foreach (var row in TaskRow.Of(run, PaperReference.Load()))
        {
            var cells = row.Cells().Select(Markup.Escape).ToArray();
            if (row.DeltaVsPaper is { } delta) cells[5] = delta >= -0.005 ? $"[green]{cells[5]}[/]" : $"[red]{cells[5]}[/]";
            table.AddRow(cells);
        }
        AnsiConsole.Write(table);
    }
}
