using System.CommandLine;
using Nasflat.Data;
using Nasflat.Evaluation;
using Nasflat.IO;
using Nasflat.Measurement;
using Nasflat.Prediction;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Spectre.Console;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat measure</c> and <c>nasflat suggest</c>: make this machine (or any .NET machine) a device.</summary>
internal static class MeasureCommands
{
    private static readonly Option<string> Space = new("--space") { Description = "nb201 or fbnet.", DefaultValueFactory = _ => "nb201" };

    public static Command Suggest()
    {
        var k = new Option<int>("-k") { Description = "How many architectures to measure first.", DefaultValueFactory = _ => 20 };
        var sampler = new Option<string?>("--sampler")
        {
            Description = "Sampler (see docs/predictor.md). Default: the one predict's recipe was judged with: random below 10 architectures and on NB201, k-means on the proxies on FBNet from 10.",
        };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out", "-o") { Description = "File to write (index,architecture), for `measure --file`.", Required = true };
        var command = new Command("suggest", "Which architectures to measure first on a new device, as a file `measure` accepts.")
        {
            Space, k, sampler, seed, output,
        };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var data = NasflatCli.Catalog(parse).Space(SearchSpaceKindExtensions.ParseSpace(parse.GetValue(Space)!));
            var picks = FirstMeasurements.Suggest(data, parse.GetValue(k), parse.GetValue(sampler), parse.GetValue(seed));
            var csv = new CsvText("index", "architecture");
            foreach (int i in picks) csv.Add(i, data.ArchitectureText(i));
            AtomicFile.WriteAllText(parse.GetValue(output)!, csv.ToString());
            AnsiConsole.MarkupLineInterpolated($"Wrote {picks.Count} architectures to [bold]{parse.GetValue(output)}[/]; measure them with `nasflat measure --file {parse.GetValue(output)}`.");
        }));
        return command;
    }

    public static Command Measure()
    {
        var name = new Option<string>("--name") { Description = "Name of the device (e.g. my_laptop).", Required = true };
        var indices = new Option<string?>("--indices") { Description = "Architecture indices, comma-separated." };
        var file = new Option<string?>("--file") { Description = "A file of architectures: `suggest` output, or one index per line." };
        var sampler = new Option<string?>("--sampler") { Description = "Pick the architectures with a sampler instead (with -n)." };
        var count = new Option<int>("-n") { Description = "How many architectures the sampler picks.", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch") { Description = "Images per forward pass.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Torch threads while timing.", DefaultValueFactory = _ => 1 };
        var resolution = new Option<int?>("--resolution") { Description = "Input height and width (default: the dataset's, 32)." };
        var warmup = new Option<int>("--warmup") { Description = "Untimed runs before each timing.", DefaultValueFactory = _ => 5 };
        var repetitions = new Option<int>("--repetitions") { Description = "Timed runs per architecture per pass (their median counts).", DefaultValueFactory = _ => 20 };
        var passes = new Option<int>("--passes") { Description = "Interleaved passes over all architectures.", DefaultValueFactory = _ => 3 };
        var maxPasses = new Option<int>("--max-passes") { Description = "Passes allowed for architectures whose passes disagree.", DefaultValueFactory = _ => 6 };
        var tolerance = new Option<double>("--tolerance") { Description = "Passes agree when (max − min) / median ≤ this.", DefaultValueFactory = _ => 0.05 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var command = new Command("measure", "Time real networks on this machine and save them as a device (resumable; see docs/measurement.md).")
        {
            Space, name, indices, file, sampler, count, batch, threads, resolution, warmup, repetitions, passes, maxPasses, tolerance, seed,
        };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            var data = catalog.Space(SearchSpaceKindExtensions.ParseSpace(parse.GetValue(Space)!));
            var archs = Select(data, parse.GetValue(indices), parse.GetValue(file), parse.GetValue(sampler), parse.GetValue(count), parse.GetValue(seed));
            var options = new MeasurementOptions
            {
                Batch = parse.GetValue(batch), Threads = parse.GetValue(threads), Resolution = parse.GetValue(resolution), Warmup = parse.GetValue(warmup),
                Repetitions = parse.GetValue(repetitions), Passes = parse.GetValue(passes), MaxPasses = parse.GetValue(maxPasses),
                Tolerance = parse.GetValue(tolerance), Seed = parse.GetValue(seed),
            };
            string deviceName = parse.GetValue(name)!;
            IReadOnlyList<ArchitectureTiming> timings = [];
            var started = DateTime.UtcNow;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var bar = context.AddTask($"measuring {archs.Count} architectures", maxValue: archs.Count * options.Passes);
                    timings = DeviceMeasurement.Run(data, deviceName, archs, options, catalog.DevicesDirectory,
                        new Progress(p => { bar.MaxValue = p.Total; bar.Value = p.Done; bar.Description = $"pass {p.Pass}"; }), NasflatCli.Cancellation);
                    bar.Value = bar.MaxValue;
                });
            AnsiConsole.WriteLine(
                $"Measured {timings.Count} architectures in {(DateTime.UtcNow - started).TotalMinutes:0.0} min: {timings.Min(t => t.LatencyMs):0.###}–{timings.Max(t => t.LatencyMs):0.###} ms, " +
                $"median spread between passes {Statistics.Median(timings.Select(t => t.Spread)):P1}, {timings.Count(t => !t.Converged)} still unstable after {options.MaxPasses} passes.");
            AnsiConsole.MarkupLineInterpolated($"Device file: [bold]{DeviceFile.PathFor(catalog.DevicesDirectory, data.Space, deviceName)}[/] (loaded automatically from {catalog.DevicesDirectory}).");
        }));
        return command;
    }

    private sealed class Progress(Action<MeasurementProgress> report) : IProgress<MeasurementProgress>
    {
        public void Report(MeasurementProgress value) => report(value);
    }

    private static IReadOnlyList<int> Select(SpaceData data, string? indices, string? file, string? sampler, int count, int seed)
    {
        int given = (indices is null ? 0 : 1) + (file is null ? 0 : 1) + (sampler is null ? 0 : 1);
        if (given != 1) throw new NasflatException("Choose the architectures with exactly one of --indices, --file or --sampler.");
        if (sampler is not null) return DeviceMeasurement.Suggest(data, count, sampler, seed);
        return indices is not null ? ArchitectureList.Parse(indices, data) : ArchitectureList.Read(file!, data);
    }
}
