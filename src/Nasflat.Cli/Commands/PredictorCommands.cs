using System.CommandLine;
using Nasflat.Data;
using Nasflat.Experiments;
using Nasflat.IO;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Nasflat.Training;
using Spectre.Console;

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
        command.SetAction((parse, cancellation) => Task.FromResult(NasflatCli.Guard(() =>
        {
            var catalog = DataCatalog.Open(parse.GetValue(NasflatCli.DataOption));
            var chosen = TaskCatalog.Resolve(parse.GetValue(task)!).Single();
            var options = ExperimentCliOptions.For(parse, catalog, chosen.Space);
            PredictorCheckpoint checkpoint = null!;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var bar = context.AddTask($"pretraining on {chosen.Train.Length} devices", maxValue: options.Training.PretrainEpochs);
                    checkpoint = PredictorWorkflow.Pretrain(catalog.Space(chosen.Space), chosen, options, parse.GetValue(output)!,
                        _ => bar.Increment(1), cancellation);
                });
            AnsiConsole.MarkupLineInterpolated($"Saved [bold]{parse.GetValue(output)}[/]: {checkpoint.Space.Id()} predictor pretrained on {string.Join(", ", checkpoint.Sources)}.");
        })));
        return command;
    }

    public static Command Predict()
    {
        var model = new Option<string>("--model", "-m") { Description = "Predictor file written by `nasflat pretrain`.", Required = true };
        var space = new Option<string>("--space") { Description = "nb201 or fbnet.", Required = true };
        var device = new Option<string>("--device") { Description = "Target device (its k samples are taken from its measurements).", Required = true };
        var output = new Option<string?>("--out", "-o") { Description = "CSV of predicted scores for every architecture." };
        var command = new Command("predict", "Adapt a saved predictor to a device from k measurements and score every architecture.") { model, space, device, output };
        ExperimentCliOptions.AddTo(command);
        command.SetAction((parse, cancellation) => Task.FromResult(NasflatCli.Guard(() =>
        {
            var catalog = DataCatalog.Open(parse.GetValue(NasflatCli.DataOption));
            var data = catalog.Space(Spaces.SearchSpaceKindExtensions.ParseSpace(parse.GetValue(space)!));
            var options = ExperimentCliOptions.For(parse, catalog, data.Space);
            var prediction = PredictorWorkflow.Adapt(data, parse.GetValue(model)!, parse.GetValue(device)!, options.K[0], options,
                cancellation: cancellation);
            AnsiConsole.MarkupLineInterpolated(
                $"Adapted to [bold]{prediction.Device}[/] from {prediction.Samples.Count} measurements (embedding from {prediction.InitializedFrom ?? "none"}).");
            if (prediction.Metrics is { } m)
                AnsiConsole.MarkupLineInterpolated(
                    $"Against its {data.Latency.Device(prediction.Device).MeasuredCount} measured latencies: ρ {m.Spearman:0.000} (without the samples {m.SpearmanExcludingSamples:0.000}), τ {m.KendallTau:0.000}, precision@top-10% {m.PrecisionAtTop10:0.000}");
            if (parse.GetValue(output) is { } path)
            {
                var csv = new CsvText("index", "architecture", "score", "rank", "measured_ms", "sampled");
                var rank = Evaluation.Ranks.Average(prediction.Scores.Select(s => (double)s).ToArray());
                var sampled = prediction.Samples.ToHashSet();
                foreach (int i in prediction.Architectures)
                    csv.Add(i, data.ArchitectureText(i), prediction.Scores[i], rank[i], data.Latency.Latency(i, prediction.Device), sampled.Contains(i) ? 1 : 0);
                AtomicFile.WriteAllText(path, csv.ToString());
                AnsiConsole.MarkupLineInterpolated($"Wrote {prediction.Architectures.Count} predictions to [bold]{path}[/] (rank 1 = predicted fastest).");
            }
        })));
        return command;
    }
}
