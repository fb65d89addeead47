using System.CommandLine;
using System.Diagnostics;
using Nasflat.Performance;
using Nasflat.Reporting;
using Nasflat.Tasks;
using Spectre.Console;
using Nasflat.Native;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat perf</c>: times the hot paths on this machine, optimised and reference side by side.</summary>
internal static class PerfCommand
{
    public static Command Build()
    {
        var tasks = new Option<string>("--tasks", "-t") { Description = "Tasks to time.", DefaultValueFactory = _ => "nb201:ND,fbnet:FD" };
        var repetitions = new Option<int>("--repetitions", "-r") { Description = "Repetitions per timing (the median is reported).", DefaultValueFactory = _ => 5 };
        var epochs = new Option<int>("--epochs") { Description = "Pretraining epochs timed per variant.", DefaultValueFactory = _ => 5 };
        var reference = new Option<bool>("--no-reference") { Description = "Time the optimised defaults only (skip the float32 and reference variants)." };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for perf.json and perf.md (default runs/perf-<time>)." };
        var command = new Command("perf", "Time pretraining and fine-tuning epochs, whole-space evaluation and forward/backward throughput; report medians, GFLOP/s against a dense matmul, and peak memory.")
        {
            tasks, repetitions, epochs, reference, output,
        };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            var runner = new PerfRunner(catalog, parse.GetValue(repetitions), parse.GetValue(epochs));
            // Where the run's precision is float32 the optimised and float32 variants are the same configuration.
            var variants = parse.GetValue(reference) ? [PerfVariant.Optimised]
                : PerfVariant.All.Where(v => v != PerfVariant.Float32 || Nasflat.Native.PrecisionChoice.Current.BFloat16).ToList();
            var environment = RunEnvironment.Capture("nasflat " + string.Join(" ", Environment.GetCommandLineArgs().Skip(1)));
            double peak = 0, peakBFloat16 = 0;
            var sections = new List<PerfSection>();
            AnsiConsole.Status().Start("measuring the dense matmul peak", context =>
            {
                peak = PerfRunner.MeasurePeakGigaflops();
                // An emulated bfloat16 product of this size takes minutes and says nothing about the fast path.
                if (Nasflat.Native.CpuFeatures.Current.FastBFloat16) peakBFloat16 = PerfRunner.MeasurePeakGigaflops(TorchSharp.torch.ScalarType.BFloat16);
                foreach (var task in TaskCatalog.Resolve(parse.GetValue(tasks)!))
                    foreach (var variant in variants)
                        sections.Add(runner.Measure(task, variant, s => context.Status(Markup.Escape(s))));
            });
            var report = new PerfReport(peak, sections, Process.GetCurrentProcess().PeakWorkingSet64, TorchSharp.torch.get_num_threads(), peakBFloat16, environment);
            Render(report);
            string markdown = PerfReportWriter.Write(report, parse.GetValue(output) ?? Path.Combine("runs", $"perf-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
            AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{markdown}[/] and perf.json");
        }));
        return command;
    }

    private static void Render(PerfReport report)
    {
        if (report.Environment is { } env) AnsiConsole.MarkupLineInterpolated($"On {env.Describe()}");
        string bfloat16 = report.PeakGigaflopsBFloat16 > 0 ? $"{report.PeakGigaflopsBFloat16:0} GFLOP/s bfloat16" : "bfloat16 not measured (emulated on this CPU)";
        AnsiConsole.MarkupLineInterpolated($"Dense matmul (2048², {report.Threads} threads): [bold]{report.PeakGigaflops:0} GFLOP/s[/] float32, {bfloat16} (practical peaks)");
        var table = new Table().Border(TableBorder.Rounded).AddColumns(PerfReportWriter.Header);
        foreach (var row in PerfReportWriter.Rows(report)) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Peak memory (working set): {report.PeakMemoryBytes / 1024.0 / 1024:0} MiB");
    }
}
