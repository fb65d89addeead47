using System.CommandLine;
using Nasflat.Runs;
using Nasflat.Sweeps;
using Spectre.Console;

namespace Nasflat.Cli.Commands;

/// <summary>
/// <c>nasflat sweep</c>: runs a bench, LODO or study command as shards on a SLURM cluster (an array job and a join
/// job), shows which shards are done, running or failed, and resubmits the ones that failed.
/// </summary>
internal static class SweepCommand
{
    public static Command Build()
    {
        var sweep = new Command("sweep", "Run a bench, LODO or study as shards on a SLURM cluster, follow them, and resubmit failed ones (docs/cluster.md).");
        sweep.Subcommands.Add(Slurm());
        sweep.Subcommands.Add(Status());
        sweep.Subcommands.Add(Resubmit());
        return sweep;
    }

    private static Command Slurm()
    {
        var command = new Argument<string[]>("command") { Description = "The nasflat command after --, e.g. -- bench --lodo nb201 --trials 3.", Arity = ArgumentArity.OneOrMore };
        var shards = new Option<int?>("--shards", "-n") { Description = "Shards (array tasks). Default for bench: one per trial of each task; a study needs it." };
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPUs per shard; a shard runs that many single-threaded worker processes.", DefaultValueFactory = _ => 1 };
        var memory = new Option<string>("--mem") { Description = "Memory per shard (sbatch --mem).", DefaultValueFactory = _ => "6G" };
        var time = new Option<string>("--time") { Description = "Time limit per shard (sbatch --time).", DefaultValueFactory = _ => "04:00:00" };
        var partition = new Option<string?>("--partition") { Description = "SLURM partition (default: the cluster's default)." };
        var account = new Option<string?>("--account") { Description = "SLURM account to charge." };
        var cache = new Option<string?>("--cache")
        {
            Description = "Folder for pretrained predictors shared by the shards (NASFLAT_PRETRAIN_CACHE; default: the submitting shell's, if set).",
        };
        var extra = new Option<string[]>("--sbatch") { Description = "Further sbatch options for both jobs, e.g. --sbatch=--qos=long (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "Write the run folder's manifest and batch scripts and print the sbatch commands; submit nothing." };
        var slurm = new Command("slurm", "Write an sbatch array script (one task per shard) and a join job that depends on it, and submit both.")
        {
            command, shards, cpus, memory, time, partition, account, cache, extra, dryRun,
        };
        slurm.SetAction(parse => NasflatCli.Guard(() =>
        {
            var tokens = parse.GetValue(command)!.ToList();
            if (tokens[0] is not ("bench" or "study"))
                throw new NasflatException($"nasflat sweep slurm runs 'bench' (also --lodo) or 'study' commands, not '{tokens[0]}'; e.g. nasflat sweep slurm -- bench --lodo nb201.");
            if (tokens.Contains("--shard")) throw new NasflatException("Leave --shard out of the command: every array task adds its own.");
            string run = RunFolder(tokens);
            var (manifest, units) = Plan(tokens, parse.GetValue(shards));
            var settings = new SlurmSettings(parse.GetValue(cpus), parse.GetValue(memory)!, parse.GetValue(time)!, parse.GetValue(partition), parse.GetValue(account),
                parse.GetValue(NasflatCli.DataOption) ?? Environment.GetEnvironmentVariable("NASFLAT_DATA"),
                parse.GetValue(cache) ?? Environment.GetEnvironmentVariable("NASFLAT_PRETRAIN_CACHE"), parse.GetValue(extra));
            settings.Validate();
            manifest.Claim(run);
            SlurmScripts.Write(run, manifest, settings, Self(), Environment.CurrentDirectory);
            AnsiConsole.MarkupLineInterpolated($"Sweep of `{manifest.CommandLine}` in {manifest.Shards} shard(s){(units is { } u ? $" ({u} trial(s))" : "")} → [bold]{run}[/]");
            AnsiConsole.MarkupLineInterpolated($"Scripts: {SlurmScripts.ArrayScript(run)}, {SlurmScripts.JoinScript(run)}");
            if (parse.GetValue(dryRun))
            {
                AnsiConsole.MarkupLineInterpolated($"Dry run; to submit: sbatch --parsable {SlurmScripts.ArrayScript(run)}, then sbatch --dependency=afterok:<array job> {SlurmScripts.JoinScript(run)}");
                return;
            }
            Submit(run, [.. Enumerable.Range(1, manifest.Shards)], []);
        }));
        return slurm;
    }

    private static Command Status()
    {
        var run = new Argument<string>("run") { Description = "The sweep's run folder." };
        var status = new Command("status", "Which shards of a sweep are done, running, pending or failed (from the run folder, and from sacct where present).") { run };
        status.SetAction(parse => NasflatCli.Guard(() =>
        {
            string folder = parse.GetValue(run)!;
            var lines = Lines(folder, out var manifest, out var submissions, out var states);
            var table = new Table().Border(TableBorder.Rounded).Title($"{manifest.CommandLine} in {manifest.Shards} shard(s)")
                .AddColumns("shard", "status", "trials done", "SLURM job", "detail");
            foreach (var line in lines)
                table.AddRow(line.Shard.ToString(), Colour(line.Status), line.Units is { } t ? $"{line.UnitsDone}/{t}" : "–", line.Job ?? "–", Markup.Escape(line.Detail));
            AnsiConsole.Write(table);
            if (submissions.Count > 0 && submissions[^1].JoinJob is { } join)
                AnsiConsole.MarkupLineInterpolated($"join job {join}: {(states?.GetValueOrDefault(join) ?? "unknown (no accounting)")}");
            bool reported = new[] { "results.json", "lodo.md", "study.md" }.Any(report => File.Exists(Path.Combine(folder, report)));
            int done = lines.Count(l => l.Status == ShardStatus.Done), failed = lines.Count(l => l.Status == ShardStatus.Failed);
            AnsiConsole.MarkupLineInterpolated($"{done} of {lines.Count} shard(s) done, {failed} failed; report {(reported ? "written" : "not written yet")}.");
            if (failed > 0 && submissions.Count > 0) AnsiConsole.MarkupLineInterpolated($"Resubmit the failed shards: [bold]nasflat sweep resubmit {folder}[/]");
            else if (failed > 0) AnsiConsole.MarkupLineInterpolated($"Rerun a failed shard: [bold]{manifest.CommandLine} -o {folder} --shard i/{manifest.Shards}[/]");
        }));
        return status;
    }

    private static Command Resubmit()
    {
        var run = new Argument<string>("run") { Description = "The sweep's run folder (submitted with 'nasflat sweep slurm')." };
        var shards = new Option<string?>("--shards") { Description = "Shards to resubmit, e.g. 2,5 (default: every shard that failed or never ran)." };
        var resubmit = new Command("resubmit", "Submit failed shards of a sweep again with its array script, and a new join job that depends on them.") { run, shards };
        resubmit.SetAction(parse => NasflatCli.Guard(() =>
        {
            string folder = Path.GetFullPath(parse.GetValue(run)!);
            var lines = Lines(folder, out var manifest, out var submissions, out var states);
            if (submissions.Count == 0 || !File.Exists(SlurmScripts.ArrayScript(folder)))
                throw new NasflatException($"{folder} was not submitted with 'nasflat sweep slurm' (no {SlurmScripts.ArrayScript(folder)}); submit it first.");
            var chosen = parse.GetValue(shards) is { } list
                ? list.Split(',').Select(s => int.TryParse(s, out int n) && n >= 1 && n <= manifest.Shards ? n
                    : throw new NasflatException($"--shards: '{s}' is not a shard of this sweep (1 to {manifest.Shards}).")).Distinct().Order().ToList()
                : lines.Where(l => l.Status is ShardStatus.Failed or ShardStatus.NotStarted).Select(l => l.Shard.Number).ToList();
            var busy = lines.Where(l => chosen.Contains(l.Shard.Number) && l.Status is ShardStatus.Running or ShardStatus.Pending).ToList();
            if (busy.Count > 0)
                throw new NasflatException($"Shard(s) {string.Join(", ", busy.Select(b => b.Shard))} are still {busy[0].Status.ToString().ToLowerInvariant()}; wait, or scancel them first.");
            // The join of an earlier submission waits for an array that failed: it would never start, so it goes.
            SlurmClient.Cancel(submissions.Select(s => s.JoinJob).Where(j => states?.GetValueOrDefault(j) is null or "PENDING"));
            Submit(folder, chosen, submissions);
        }));
        return resubmit;
    }

    /// <summary>Submits the shards (none: the join alone, when only the join is left) and a join that waits for them.</summary>
    private static void Submit(string run, IReadOnlyList<int> shards, IReadOnlyList<SlurmSubmission> earlier)
    {
        string array = shards.Count == 0 ? "" : SlurmClient.Submit(SlurmScripts.ArrayScript(run), $"--array={string.Join(',', shards)}");
        string join = array == "" ? SlurmClient.Submit(SlurmScripts.JoinScript(run)) : SlurmClient.Submit(SlurmScripts.JoinScript(run), $"--dependency=afterok:{array}");
        SlurmSubmission.Append(run, new SlurmSubmission(array, shards, join, DateTimeOffset.UtcNow));
        if (array == "") AnsiConsole.MarkupLineInterpolated($"Every shard is done; submitted the join alone as job {join}.");
        else AnsiConsole.MarkupLineInterpolated($"Submitted shard(s) {string.Join(',', shards)} as array job {array}, and the join as job {join} (after the array succeeds). Follow it: [bold]nasflat sweep status {run}[/]");
    }

    private static IReadOnlyList<ShardLine> Lines(string folder, out SweepManifest manifest, out IReadOnlyList<SlurmSubmission> submissions,
        out IReadOnlyDictionary<string, string>? states)
    {
        var sweep = SweepManifest.Read(folder) ?? throw new NasflatException($"{Path.GetFullPath(folder)} is not a sweep (no {SweepManifest.FileName}).");
        manifest = sweep;
        submissions = SlurmSubmission.ReadAll(folder);
        states = submissions.Count == 0 ? null
            : SlurmClient.States(submissions.Where(s => s.ArrayJob != "").Select(s => s.ArrayJob).Concat(submissions.Select(s => s.JoinJob)));
        Func<Shard, (int, int)>? units = null;
        if (sweep.Command == "bench")
        {
            var setup = BenchCommand.Resolve(ParseCommand([.. sweep.Arguments]));
            var plan = setup.Plan();
            var parts = new RunParts(folder);
            units = shard =>
            {
                var mine = plan.UnitsOf(shard);
                return (mine.Count(u => plan.IsDone(u, parts)), mine.Count);
            };
        }
        return SweepStatus.Of(folder, sweep, units, submissions, states);
    }

    /// <summary>The sweep a bench or study command line belongs to: with --shard, or as given to 'sweep slurm'.</summary>
    internal static SweepManifest SweepOf(ParseResult parse, int shards) =>
        new(SweepManifest.SweepArguments([.. parse.Tokens.Select(t => t.Value)]), shards);

    /// <summary>The sweep's manifest and, for bench, its trial count; the command is checked as if it ran (bad tasks or options fail here).</summary>
    private static (SweepManifest Manifest, int? Units) Plan(IReadOnlyList<string> tokens, int? shards)
    {
        var parse = ParseCommand(tokens);
        if (tokens[0] == "study")
        {
            if (shards is not { } n || n < 1) throw new NasflatException("A study sweep needs --shards n (each shard runs its share of every row).");
            return (SweepOf(parse, n), null);
        }
        var setup = BenchCommand.Resolve(parse);
        int units = setup.Plan().Units().Count;
        int count = shards ?? units;
        if (count < 1) throw new NasflatException($"--shards {count}: a sweep has at least one shard.");
        if (count > units) throw new NasflatException($"--shards {count} is more than the run's {units} trial(s) (the unit of a shard); use at most {units}.");
        return (SweepOf(parse, count), units);
    }

    private static ParseResult ParseCommand(IReadOnlyList<string> tokens)
    {
        var parse = NasflatCli.Build().Parse([.. tokens]);
        if (parse.Errors.Count > 0) throw new NasflatException($"The command `nasflat {string.Join(' ', tokens)}` is not valid: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        return parse;
    }

    /// <summary>The run folder the command names (-o), or a new one added to it; always absolute, since the jobs start elsewhere.</summary>
    private static string RunFolder(List<string> tokens)
    {
        int at = tokens.FindIndex(t => t is "-o" or "--out");
        if (at >= 0 && at + 1 < tokens.Count) return tokens[at + 1] = Path.GetFullPath(tokens[at + 1]);
        string name = tokens[0] == "study" ? $"study-{(tokens.Count > 1 ? tokens[1] : "")}" : tokens.Contains("--lodo") ? "lodo" : "bench";
        string folder = Path.GetFullPath(Path.Combine("runs", $"sweep-{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
        tokens.AddRange(["--out", folder]);
        return folder;
    }

    private static IReadOnlyList<string> Self()
    {
        var start = NasflatCli.StartSelf([]);
        return [start.FileName, .. start.ArgumentList];
    }

    private static string Colour(ShardStatus status) => status switch
    {
        ShardStatus.Done => "[green]done[/]",
        ShardStatus.Failed => "[red]failed[/]",
        ShardStatus.Running => "[yellow]running[/]",
        ShardStatus.Pending => "pending",
        _ => "not started",
    };
}
