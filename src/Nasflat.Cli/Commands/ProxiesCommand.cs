using System.CommandLine;
using System.Diagnostics;
using Nasflat.Experiments;
using Nasflat.Processes;
using Nasflat.Proxies;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Spaces.Nb201;
using Spectre.Console;
using Nasflat.IO;
using Nasflat.Prediction;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat proxies compute|check</c>: Nasflat's own zero-cost proxies for every NB201 cell.</summary>
internal static class ProxiesCommand
{
    private static readonly Option<string?> Cache = new("--cache") { Description = "Cache folder (default: $NASFLAT_CACHE, then ~/.cache/nasflat)." };
    private static readonly Option<int> Batch = new("--batch") { Description = "Images in the input batch.", DefaultValueFactory = _ => new ProxySettings().BatchSize };

    public static Command Build() => new("proxies", "Zero-cost proxies of all 15,625 NB201 cells, computed on the real networks and cached (see docs/proxies.md).")
    {
        Compute(), Check(),
    };

    private static Nb201ProxyCache CacheFor(ParseResult parse)
    {
        int batch = parse.GetValue(Batch);
        if (batch < 2) throw new NasflatException($"--batch {batch}: the proxy batch needs at least 2 images (jacov and nwot compare samples); the default is {new ProxySettings().BatchSize}.");
        return new(parse.GetValue(Cache) ?? IO.CacheFolder.Default(), new ProxySettings(batch));
    }

    private static Command Compute()
    {
        var processes = new Option<int>("--processes", "-p") { Description = "Worker processes, one thread each.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var limit = new Option<int>("--limit") { Description = "Only cells with an index below this (a quick partial run; the cache file is written only when all are done).", DefaultValueFactory = _ => Nb201Cell.SpaceSize };
        var shard = new Option<string?>("--shard") { Description = "Compute shard i/n in this process (used by worker processes).", Hidden = true };
        var command = new Command("compute", "Compute the proxies of every NB201 cell (resumable: interrupted work is kept).") { Cache, Batch, processes, limit, shard };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var cache = CacheFor(parse);
            int cells = Math.Min(parse.GetValue(limit), Nb201Cell.SpaceSize);
            if (parse.GetValue(shard) is { } part)
            {
                var (i, n) = ParseShard(part);
                Nasflat.Native.TorchRuntime.UseThreads(1);
                cache.ComputeShard(i, n, cells, cancellation: NasflatCli.Cancellation);
                return;
            }
            if (cache.IsComplete)
            {
                AnsiConsole.MarkupLineInterpolated($"Already computed: [bold]{cache.FinalPath}[/]");
                return;
            }
            int workers = Math.Max(1, parse.GetValue(processes));
            int Done() => cache.Recorded().Count(r => r.Key < cells);
            int before = Done();
            var watch = Stopwatch.StartNew();
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var bar = context.AddTask($"proxies of {cells} NB201 cells ({workers} processes)", maxValue: cells);
                    bar.Value = before;
                    // Shards record every cell in their journals; the bar follows the journals.
                    var jobs = Enumerable.Range(0, workers).Select(w => new WorkerPool.Job($"proxy shard {w}/{workers}", NasflatCli.StartSelf(["proxies", "compute",
                        "--shard", $"{w}/{workers}", "--limit", cells.ToString(), "--batch", parse.GetValue(Batch).ToString(),
                        "--cache", Path.GetDirectoryName(Path.GetDirectoryName(cache.FinalPath))!]), _ => true)).ToList();
                    WorkerPool.Run(jobs, NasflatCli.Cancellation, () => bar.Value = Done());
                    bar.Value = Done();
                });
            int done = Done() - before;
            AnsiConsole.WriteLine($"Computed {done} cells in {watch.Elapsed.TotalMinutes:0.0} min ({(done > 0 ? watch.Elapsed.TotalSeconds * workers / done : 0):0.00} s per cell per process).");
            AnsiConsole.MarkupLine(cache.TryMerge()
                ? $"Cache: [bold]{Markup.Escape(cache.FinalPath)}[/]"
                : $"{cache.Recorded().Count} of {Nb201Cell.SpaceSize} cells recorded; run again to continue.");
        }));
        return command;
    }

    private static (int Shard, int Shards) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out int i) && int.TryParse(parts[1], out int n) && n > 0 && i >= 0 && i < n) return (i, n);
        throw new NasflatException($"--shard '{text}' is not of the form i/n with 0 ≤ i < n.");
    }

    private static Command Check()
    {
        var output = new Option<string?>("--out", "-o") { Description = "Folder for proxy-check.md and proxy-check.csv." };
        var command = new Command("check", "Rank agreement (Spearman) of the computed proxies with NAS-Bench-Suite-Zero's 725-cell CIFAR-10 subset.") { Cache, Batch, output };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var data = (Data.Nb201Data)NasflatCli.Catalog(parse).Space(SearchSpaceKind.Nb201);
            var cache = CacheFor(parse);
            var recorded = cache.Recorded();
            var agreements = ProxyReferenceCheck.Compare(data, recorded);
            var table = new Table().Border(TableBorder.Rounded).AddColumns("proxy", "cells", "Spearman ρ vs NAS-Bench-Suite-Zero");
            foreach (var a in agreements) table.AddRow(a.Proxy, a.Cells.ToString(), a.Spearman.ToString("0.000"));
            AnsiConsole.MarkupLineInterpolated($"{recorded.Count} of {Nb201Cell.SpaceSize} cells computed ({cache.Settings.Signature})");
            AnsiConsole.Write(table);
            if (parse.GetValue(output) is { } folder)
            {
                var csv = new CsvText("proxy", "cells", "spearman");
                foreach (var a in agreements) csv.Add(a.Proxy, a.Cells, a.Spearman);
                IO.AtomicFile.WriteAllText(Path.Combine(folder, "proxy-check.csv"), csv.ToString());
                var markdown = new MarkdownTable("proxy", "cells", "Spearman ρ vs NAS-Bench-Suite-Zero");
                foreach (var a in agreements) markdown.Add(a.Proxy, a.Cells.ToString(), a.Spearman.ToString("0.000"));
                IO.AtomicFile.WriteAllText(Path.Combine(folder, "proxy-check.md"),
                    $"# NB201 zero-cost proxies against NAS-Bench-Suite-Zero\n\n{recorded.Count} of {Nb201Cell.SpaceSize} cells computed; settings: `{cache.Settings.Signature}`.\n\n{markdown}\n");
                AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{Path.Combine(folder, "proxy-check.md")}[/] and proxy-check.csv");
            }
        }));
        return command;
    }
}
