using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nasflat.Data;
using Nasflat.IO;
using Nasflat.Performance;
using Nasflat.Reporting;
using Nasflat.Tasks;
using Spectre.Console;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat perf</c>: times the hot paths on this machine, optimised and reference side by side.</summary>
internal static class PerfCommand
{
    public static Command Build()
    {
        var tasks = new Option<string>("--tasks", "-t") { Description = "Tasks to time.", DefaultValueFactory = _ => "nb201:ND,fbnet:FD" };
        var repetitions = new Option<int>("--repetitions", "-r") { Description = "Repetitions per timing (the median is reported).", DefaultValueFactory = _ => 5 };
        var epochs = new Option<int>("--epochs") { Description = "Pretraining epochs timed per variant.", DefaultValueFactory = _ => 5 };
        var reference = new Option<bool>("--no-reference") { Description = "Skip timing the reference variant." };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for perf.json and perf.md (default runs/perf-<time>)." };
        var command = new Command("perf", "Time pretraining and fine-tuning epochs, whole-space evaluation and forward/backward throughput; report medians, GFLOP/s against a dense matmul, and peak memory.")
        {
            tasks, repetitions, epochs, reference, output,
        };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            var runner = new PerfRunner(catalog, parse.GetValue(repetitions), parse.GetValue(epochs));
            var variants = parse.GetValue(reference) ? new[] { PerfVariant.Optimised } : [PerfVariant.Optimised, PerfVariant.Reference];
            double peak = 0;
            var sections = new List<PerfSection>();
            AnsiConsole.Status().Start("measuring the dense matmul peak", context =>
            {
                peak = PerfRunner.MeasurePeakGigaflops();
                foreach (var task in TaskCatalog.Resolve(parse.GetValue(tasks)!))
                    foreach (var variant in variants)
                        sections.Add(runner.Measure(task, variant, s => context.Status(Markup.Escape(s))));
            });
            var report = new PerfReport(peak, sections, Process.GetCurrentProcess().PeakWorkingSet64, TorchSharp.torch.get_num_threads());
            Render(report);
            string folder = parse.GetValue(output) ?? Path.Combine("runs", $"perf-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            Directory.CreateDirectory(folder);
            AtomicFile.WriteAllText(Path.Combine(folder, "perf.json"), JsonSerializer.Serialize(report, BenchmarkReport.Json));
            AtomicFile.WriteAllText(Path.Combine(folder, "perf.md"), Markdown(report));
            AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{Path.Combine(folder, "perf.md")}[/] and perf.json");
        }));
        return command;
    }

    private static IEnumerable<string[]> Rows(PerfReport report)
    {
        foreach (var section in report.Sections)
        {
            var reference = report.Sections.FirstOrDefault(s => s.Task == section.Task && s.Variant == PerfVariant.Reference.Name);
            foreach (var timing in section.Timings)
            {
                var before = section.Variant == PerfVariant.Optimised.Name ? reference?.Timings.FirstOrDefault(t => t.Name == timing.Name) : null;
                yield return
                [
                    section.Task, section.Variant, timing.Name,
                    $"{timing.MedianSeconds * 1000:0.0} ms",
                    $"{timing.Throughput:0} {timing.WorkUnit}/s",
                    timing.FlopsPerRun > 0 ? $"{timing.GigaflopsPerSecond:0.0}" : "-",
                    timing.FlopsPerRun > 0 ? $"{timing.GigaflopsPerSecond / report.PeakGigaflops:0.00}" : "-",
                    before is null ? "-" : $"{before.MedianSeconds / timing.MedianSeconds:0.00}×",
                ];
            }
        }
    }

    private static readonly string[] Header = ["task", "variant", "operation", "median", "throughput", "GFLOP/s", "ratio to peak", "speed-up vs reference"];

    private static void Render(PerfReport report)
    {
        AnsiConsole.MarkupLineInterpolated($"Dense matmul (2048², fp32, {report.Threads} threads): [bold]{report.PeakGigaflops:0} GFLOP/s[/] practical peak");
        var table = new Table().Border(TableBorder.Rounded).AddColumns(Header);
        foreach (var row in Rows(report)) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Peak memory (working set): {report.PeakMemoryBytes / 1024.0 / 1024:0} MiB");
    }

    private static string Markdown(PerfReport report)
    {
        var table = new MarkdownTable(Header);
        foreach (var row in Rows(report)) table.Add(row);
        return $"# Nasflat perf\n\nDense matmul (2048², fp32, {report.Threads} threads): **{report.PeakGigaflops.ToString("0", CultureInfo.InvariantCulture)} GFLOP/s** " +
               $"(the practical peak). Medians over repetitions; GFLOP/s counts matrix products only (PredictorCost).\n\n{table}\n" +
               $"Peak memory (working set): {report.PeakMemoryBytes / 1024.0 / 1024:0} MiB\n";
    }
}
