using System.CommandLine;
using Nasflat.Data;
using Nasflat.Measurement;
using Nasflat.Experiments;
using Nasflat.IO;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Nasflat.Training;
using Spectre.Console;
using Nasflat.Prediction;
using Nasflat.Priors;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat pretrain</c> and <c>nasflat predict</c>: save a pretrained predictor, adapt it to a device later.</summary>
internal static class PredictorCommands
{
    public static Command Pretrain()
    {
        var task = new Option<string>("--task", "-t") { Description = "Task whose source devices to pretrain on (e.g. nb201:ND or a task file).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Predictor file to write (.nfp).", Required = true };
        var command = new Command("pretrain", "Pretrain a predictor on a task's source devices and save it.") { task, output };
        ExperimentCliOptions.AddTo(command);
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            var chosen = TaskCatalog.ResolveOne(parse.GetValue(task)!);
            var options = ExperimentCliOptions.For(parse, catalog, chosen.Space);
            PredictorCheckpoint checkpoint = null!;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var bar = context.AddTask($"pretraining on {chosen.Train.Length} devices", maxValue: options.Training.PretrainEpochs);
                    checkpoint = PredictorWorkflow.Pretrain(catalog.Space(chosen.Space), chosen, options, parse.GetValue(output)!,
                        _ => bar.Increment(1), NasflatCli.Cancellation);
                });
            AnsiConsole.MarkupLineInterpolated($"Saved [bold]{parse.GetValue(output)}[/]: {checkpoint.Space.Id()} predictor pretrained on {string.Join(", ", checkpoint.Sources)}.");
        }));
        return command;
    }

    public static Command Predict()
    {
        var space = new Option<string>("--space") { Description = "nb201 or fbnet.", DefaultValueFactory = _ => "nb201" };
        var device = new Option<string?>("--device") { Description = "A device of the data or of your devices folder (`nasflat measure`)." };
        var measurements = new Option<string?>("--measurements") { Description = "A CSV of a new device's measurements: architecture,latency_ms." };
        var name = new Option<string?>("--name") { Description = "Name for the device of --measurements (default: the file name)." };
        var model = new Option<string?>("--model", "-m")
        {
            Description = "A predictor from `nasflat pretrain` (default: the shipped predictor of the space, pretrained on every known device; " +
                "with other pretraining options, one pretrained once and cached).",
        };
        var ensemble = new Option<int>("--ensemble") { Description = "Models adapted with different seeds; their spread gives the uncertainty.", DefaultValueFactory = _ => 5 };
        var next = new Option<int>("--suggest") { Description = "How many architectures to suggest measuring next.", DefaultValueFactory = _ => 10 };
        var compare = new Option<string?>("--compare") { Description = "A device whose measurements (samples excluded) the predictions are checked against." };
        var cache = new Option<string?>("--cache") { Description = "Folder for cached predictors (default: $NASFLAT_CACHE, then ~/.cache/nasflat)." };
        var output = new Option<string?>("--out", "-o") { Description = "CSV of the predicted latency of every architecture." };
        var command = new Command("predict", "Adapt a predictor to a device from its measurements and predict the latency of every architecture, with similar devices and what to measure next.")
        {
            space, device, measurements, name, model, ensemble, next, compare, cache, output,
        };
        ExperimentCliOptions.AddTo(command, ExperimentPresets.Predict);
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            SpaceData data = catalog.Space(SearchSpaceKindExtensions.ParseSpace(parse.GetValue(space)!));
            var options = ExperimentCliOptions.For(parse, catalog, data.Space, ExperimentPresets.Predict);
            var (target, samples) = Samples(parse, ref data, device, measurements, name, options);

            string modelPath = parse.GetValue(model) ?? DefaultPredictor(data, catalog, options, parse.GetValue(cache));
            DevicePrediction prediction = null!;
            AnsiConsole.Status().Start("adapting", context => prediction = PredictorWorkflow.Predict(data, modelPath, target, samples, options,
                parse.GetValue(ensemble), parse.GetValue(next), s => context.Status(Markup.Escape(s)), NasflatCli.Cancellation));

            AnsiConsole.MarkupLineInterpolated($"Adapted to [bold]{target}[/] from {samples.Count} measurements (embedding from {prediction.InitializedFrom ?? "none"}); predictor {modelPath}.");
            if (prediction.Prior is { } prior)
                AnsiConsole.MarkupLineInterpolated($"Blended with the {(prior.Source == PriorSource.Mixture ? "device mixture" : "structural ridge")} (held-out ρ {prior.LeaveOneOutRho:0.000} on the samples, weight {prior.Weight:0.00}).");
            AnsiConsole.MarkupLineInterpolated($"Most similar known devices: {string.Join(", ", prediction.Similar.Select(d => $"{d.Device} (ρ {d.Rho:0.00} on {d.SharedArchitectures})"))}");
            AnsiConsole.MarkupLineInterpolated($"Measure next (most uncertain): {string.Join(", ", prediction.NextToMeasure)}");
            if (prediction.Metrics is { } m)
                AnsiConsole.MarkupLineInterpolated($"Against its other measurements: ρ {m.SpearmanExcludingSamples:0.000} (all measured {m.Spearman:0.000}), τ {m.KendallTau:0.000}");
            if (parse.GetValue(compare) is { } other)
            {
                var (rho, mape, count) = prediction.CompareWith(data.Latency, other);
                AnsiConsole.MarkupLineInterpolated($"Against '{other}' ({count} architectures): ρ {rho:0.000}, MAPE of the calibrated ms {mape:0.0} %");
            }
            if (parse.GetValue(output) is { } path)
            {
                prediction.WriteCsv(path, data);
                AnsiConsole.MarkupLineInterpolated($"Wrote the predicted latency of all {data.ArchitectureCount} architectures to [bold]{path}[/].");
            }
        }));
        return command;
    }

    /// <summary>
    /// Which device and which of its measured architectures to adapt from: every row of a measurements file (the device
    /// is added to the data), every measurement of one of your devices, or k sampled measurements of a shipped device
    /// (the rest then evaluate the prediction).
    /// </summary>
    private static (string Device, IReadOnlyList<int> Samples) Samples(ParseResult parse, ref SpaceData data, Option<string?> device,
        Option<string?> measurements, Option<string?> name, ExperimentOptions options)
    {
        if ((parse.GetValue(device) is null) == (parse.GetValue(measurements) is null))
            throw new NasflatException("Give either --device or --measurements.");
        if (parse.GetValue(measurements) is { } file)
        {
            var rows = MeasurementsFile.Read(file, data);
            string deviceName = parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(file);
            if (data.Latency.Contains(deviceName)) throw new NasflatException($"A device named '{deviceName}' already exists; pass --name.");
            data = data.WithDevices([MeasurementsFile.AsDevice(deviceName, file, data, rows)]);
            return (deviceName, rows.Keys.Order().ToList());
        }
        string known = parse.GetValue(device)!;
        var info = data.Latency.Device(known);
        var measured = data.Latency.MeasuredArchitectures(data.Latency.IndexOf(known));
        bool kGiven = parse.GetResult(parse.CommandResult.Command.Options.First(o => o.Name == "-k")) is { Implicit: false };
        if (info.Source == DeviceSource.User && !kGiven) return (known, measured);
        var random = Training.Seeds.Random(options.Seed, "predict-samples", known);
        return (known, new Sampling.SamplerFactory(data).Create(options.TransferSamplerFor(options.K[0]), known).Sample(measured, options.K[0], random));
    }

    /// <summary>The shipped predictor where it serves these options, else one pretrained once on every known device and cached.</summary>
    private static string DefaultPredictor(SpaceData data, DataCatalog catalog, ExperimentOptions options, string? cacheDirectory)
    {
        var (shipped, reason) = ShippedPredictors.ForPrediction(data, catalog.Directory, options);
        if (shipped is not null) return shipped;
        AnsiConsole.MarkupLineInterpolated($"Pretraining a predictor on every known {data.Space.Id()} device ({reason}); it is cached for later runs.");
        string folder = cacheDirectory ?? IO.CacheFolder.Default();
        string path = "";
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var bar = context.AddTask($"predictor for every known {data.Space.Id()} device (once, then cached)", maxValue: options.Training.PretrainEpochs);
                path = PredictorWorkflow.Cached(data, options, folder, _ => bar.Increment(1), NasflatCli.Cancellation);
                bar.Value = bar.MaxValue;
            });
        return path;
    }

    /// <summary><c>nasflat predictors build|check</c>: the all-device predictors that ship with Nasflat.</summary>
    public static Command Predictors()
    {
        var space = new Option<string>("--space") { Description = "nb201, fbnet or all.", DefaultValueFactory = _ => "all" };
        var folder = new Option<string?>("--out", "-o") { Description = "Folder of the predictors (default: the predictors/ that ships with Nasflat)." };
        var epochs = new Option<int?>("--epochs") { Description = "Pretraining epochs instead of the recipe's (a quick build for trying the command; predict then pretrains its own)." };
        var build = new Command("build", "Pretrain the all-device predictor of each space with predict's recipe in float32 and write it with its manifest " +
            "(options, data checksums, weight checksum).") { space, folder, epochs };
        build.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            string target = parse.GetValue(folder) ?? ShippedPredictors.DefaultFolder() ?? ShippedPredictors.FolderName;
            foreach (var kind in Spaces(parse.GetValue(space)!))
            {
                var data = catalog.Space(kind);
                int? pretrainEpochs = parse.GetValue(epochs);
                var recipe = ShippedPredictors.Recipe(kind);
                int total = pretrainEpochs ?? recipe.Training.PretrainEpochs;
                ShippedPredictorManifest manifest = null!;
                AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(context =>
                    {
                        var bar = context.AddTask($"{kind.Id()}: pretraining on {ShippedPredictors.AllDeviceSources(data).Count} devices", maxValue: total);
                        manifest = ShippedPredictors.Build(data, catalog.Directory, target,
                            pretrainEpochs is { } n ? r => r with { Training = r.Training with { PretrainEpochs = n } } : null,
                            _ => bar.Increment(1), NasflatCli.Cancellation);
                    });
                AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{Path.Combine(target, manifest.File)}[/] and {kind.Id()}.json: {manifest.Sources.Count} devices, {manifest.Seconds / 60:0.0} min on {manifest.BuiltOn}.");
            }
        }));

        var check = new Command("check", "Say whether each shipped predictor matches its manifest and the data, and how to rebuild one that does not.") { space, folder };
        check.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            string source = parse.GetValue(folder) ?? ShippedPredictors.DefaultFolder()
                ?? throw new NasflatException($"No {ShippedPredictors.FolderName}/ folder ships with this program; pass --out <folder>.");
            bool allGood = true;
            foreach (var kind in Spaces(parse.GetValue(space)!))
            {
                var manifest = ShippedPredictors.ReadManifest(source, kind);
                var problems = manifest is null ? [$"{source} has no {kind.Id()} predictor; build it with `{ShippedPredictors.RebuildCommand(kind)}`."]
                    : ShippedPredictors.Problems(manifest, source, catalog.Space(kind), catalog.Directory);
                allGood &= problems.Count == 0;
                if (problems.Count == 0)
                    AnsiConsole.MarkupLineInterpolated($"[green]ok[/] {Path.Combine(source, manifest!.File)}: {manifest.Sources.Count} devices, built {manifest.Built:yyyy-MM-dd} in {manifest.Precision} on {manifest.BuiltOn}.");
                foreach (string problem in problems) AnsiConsole.MarkupLineInterpolated($"[red]{kind.Id()}[/]: {problem}");
            }
            if (!allGood) throw new NasflatException("A shipped predictor does not match (above).");
        }));
        return new Command("predictors", "The all-device predictors that ship with Nasflat and that `nasflat predict` loads.") { build, check };
    }

    private static IReadOnlyList<SearchSpaceKind> Spaces(string text) =>
        text == "all" ? [SearchSpaceKind.Nb201, SearchSpaceKind.Fbnet] : [SearchSpaceKindExtensions.ParseSpace(text)];
}
