using System.CommandLine;
using System.Globalization;
using Nasflat.Runs;
using Nasflat.Data;
using Nasflat.Experiments;
using Nasflat.Reporting;
using Nasflat.Search;
using Nasflat.Spaces;
using Nasflat.Spaces.Nb201;
using Nasflat.Tasks;
using Spectre.Console;
using Nasflat.Native;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat search</c>: latency-constrained NAS on NB201, every pick verified against the truth.</summary>
internal static class SearchCommand
{
    public static Command Build()
    {
        var devices = new Option<string?>("--device") { Description = "Target devices (comma-separated). Default: the paper's five with HELP's constraints." };
        var constraints = new Option<string?>("--constraints", "-c") { Description = "Latency constraints in ms, e.g. 8,11,14 (required with --device)." };
        var accuracy = new Option<Nb201Dataset>("--accuracy") { Description = "Accuracy source: Cifar10, Cifar100 (default) or ImageNet16_120.", DefaultValueFactory = _ => Nb201Dataset.Cifar100 };
        var strategies = new Option<string>("--strategy") { Description = "MetaD2A, Evolution, or both (comma-separated).", DefaultValueFactory = _ => "MetaD2A,Evolution" };
        var runs = new Option<int>("--runs") { Description = "Repeated runs with derived seeds.", DefaultValueFactory = _ => 5 };
        var budget = new Option<int>("--budget") { Description = "Architectures the evolution may evaluate.", DefaultValueFactory = _ => 3000 };
        var verify = new Option<int>("--verify") { Description = "At most this many extra measurements verify the evolution's picks (it stops earlier when none is worth it).", DefaultValueFactory = _ => 60 };
        var minimumGain = new Option<double>("--min-gain") { Description = "Stop verifying when no candidate's expected gain (P(feasible) × accuracy points gained) reaches this.", DefaultValueFactory = _ => 1e-4 };
        var band = new Option<double>("--band") { Description = "Smallest relative latency error assumed far from measured architectures when choosing what to verify (the calibration's leave-one-out error when larger).", DefaultValueFactory = _ => 0.05 };
        var cost = new Option<double>("--seconds-per-measurement") { Description = "Cost model: seconds to measure one architecture on the device.", DefaultValueFactory = _ => 10 };
        var sources = new Option<string>("--sources") { Description = "Pretraining devices (default: nb201:ND's train devices).", DefaultValueFactory = _ => string.Join(",", TaskCatalog.Find("nb201:ND").Train) };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (default runs/search-<time>)." };
        var method = new Option<string>("--method", "-m")
        {
            Description = $"The few-shot method whose predictions guide the search: {string.Join(", ", FewShotMethods.Names)}.",
            DefaultValueFactory = _ => FewShotMethods.Nasflat,
        };
        var command = new Command("search", "Latency-constrained NAS on NB201: transfer the predictor to a device from k measurements, search, verify, and compare with the oracle and the paper.")
        {
            devices, constraints, accuracy, strategies, runs, budget, verify, minimumGain, band, cost, sources, method, output,
        };
        ExperimentCliOptions.AddTo(command, ExperimentPresets.Search, environmentPrecision: false);
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            var predictor = ExperimentCliOptions.For(parse, catalog, SearchSpaceKind.Nb201, ExperimentPresets.Search, environmentPrecision: false);
            var chosen = parse.GetValue(strategies)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(s => Enum.TryParse<SearchStrategy>(s, true, out var v) ? v : throw new NasflatException($"Unknown strategy '{s}'; use MetaD2A or Evolution.")).ToList();
            SearchOptions For(string device, IReadOnlyList<double> limits) => new()
            {
                Device = device, ConstraintsMs = limits, K = predictor.K[0], Accuracy = parse.GetValue(accuracy), Strategies = chosen,
                Runs = parse.GetValue(runs), EvolutionBudget = parse.GetValue(budget), VerificationBudget = parse.GetValue(verify), MinimumExpectedGain = parse.GetValue(minimumGain), Band = parse.GetValue(band),
                SecondsPerMeasurement = parse.GetValue(cost), Seed = predictor.Seed,
            };
            var paper = PaperReference.Load();
            IReadOnlyList<SearchOptions> plan = parse.GetValue(devices) is { } list
                ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(d => For(d, parse.GetValue(constraints) is { } c ? ParseDoubles(c) : throw new NasflatException("--device needs --constraints (ms)."))).ToList()
                : paper.NasDevices.Select(d => For(d, paper.Nas(d)!.ConstraintsMs)).ToList();

            string methodName = FewShotMethods.Parse(parse.GetValue(method)!) is [var single] ? single
                : throw new NasflatException("--method takes one method.");
            var search = new ConstrainedSearch(catalog.Nb201, predictor, parse.GetValue(sources)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                () => FewShotMethods.Create(methodName, predictor));
            SearchResult result = null!;
            AnsiConsole.Status().Start("searching", context =>
                result = search.Run(plan, new Progress(s => context.Status(Markup.Escape(s))), NasflatCli.Cancellation));
            string folder = parse.GetValue(output) ?? Path.Combine("runs", $"search-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            SearchReport.Write(folder, result, catalog.Nb201, RunEnvironment.Capture("nasflat " + string.Join(" ", Environment.GetCommandLineArgs().Skip(1)),
                $"{predictor.Training.TrainingPrecision} training, {predictor.Training.InferencePrecision} scoring (search does not follow NASFLAT_PRECISION)"));
            Render(result, new CostModel(parse.GetValue(cost)));
            AnsiConsole.MarkupLineInterpolated($"Report: [bold]{Path.Combine(folder, "report.md")}[/] (picks.csv, summary.csv, results.json, pareto-*.png)");
        }));
        return command;
    }

    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    private static double[] ParseDoubles(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 ? v
            : throw new NasflatException($"--constraints: '{s}' is not a positive number of milliseconds."))
        .ToArray();

    private static void Render(SearchResult result, CostModel cost)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("device", "strategy", "≤ ms", "true ms", "acc %", "oracle %", "gap", "violations", "measured", "speed-up vs measure-all", "vs BRP-NAS");
        foreach (var s in result.Summaries)
            table.AddRow(Markup.Escape(s.Device), s.Strategy.ToString(), s.ConstraintMs.ToString("0.#", CultureInfo.InvariantCulture),
                s.MeanTrueMs.ToString("0.00", CultureInfo.InvariantCulture), s.MeanAccuracy.ToString("0.00", CultureInfo.InvariantCulture),
                s.OracleAccuracy.ToString("0.00", CultureInfo.InvariantCulture), s.MeanGap.ToString("0.00", CultureInfo.InvariantCulture),
                s.ViolationRate == 0 ? "[green]0%[/]" : $"[red]{s.ViolationRate:P0}[/]", s.MeanMeasurements.ToString("0.#", CultureInfo.InvariantCulture),
                $"{cost.SpeedupOverMeasureAll(s):0.0}×", $"{cost.SpeedupOverBrpNas(s):0.0}×");
        AnsiConsole.Write(table);
    }
}
