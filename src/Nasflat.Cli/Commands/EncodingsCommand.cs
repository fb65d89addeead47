using System.CommandLine;
using Nasflat.Encodings;
using Nasflat.Spaces;
using Spectre.Console;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat encodings</c>: train (or load) the arch2vec-style encoder of a space and show how well it reconstructs.</summary>
internal static class EncodingsCommand
{
    public static Command Build()
    {
        var space = new Option<string>("--space") { Description = "nb201, fbnet or all.", DefaultValueFactory = _ => "all" };
        var cache = new Option<string?>("--cache") { Description = "Cache folder (default: $NASFLAT_CACHE, then ~/.cache/nasflat)." };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => new Arch2VecSettings().Epochs };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var command = new Command("encodings", "Train Nasflat's arch2vec-style graph autoencoder on every architecture of a space (cached) and report its reconstruction accuracy; the encodings serve as `arch2vec` / `a2vzcp` features.")
        {
            space, cache, epochs, seed,
        };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            string folder = parse.GetValue(cache) ?? FeatureCatalog.CacheDirectory;
            var settings = new Arch2VecSettings { Epochs = parse.GetValue(epochs), Seed = parse.GetValue(seed) };
            var spaces = parse.GetValue(space) == "all" ? [SearchSpaceKind.Nb201, SearchSpaceKind.Fbnet] : new[] { SearchSpaceKindExtensions.ParseSpace(parse.GetValue(space)!) };
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("space", "training graphs", "epochs", "ops correct", "node pairs correct", "graphs fully reconstructed", "training time");
            foreach (var kind in spaces)
            {
                Arch2VecReport report = null!;
                AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(context =>
                    {
                        var bar = context.AddTask($"arch2vec {kind.Id()}", maxValue: settings.Epochs);
                        report = Arch2Vec.Load(catalog.Space(kind), folder, settings,
                            new Progress<(int Epoch, double Loss)>(p => { bar.Value = p.Epoch; bar.Description = $"arch2vec {kind.Id()} loss {p.Loss:0.000}"; })).Report;
                        bar.Value = bar.MaxValue;
                    });
                table.AddRow(report.Space, report.TrainingGraphs.ToString(), settings.Epochs.ToString(), report.OperationAccuracy.ToString("P2"),
                    report.AdjacencyAccuracy.ToString("P2"), report.GraphsReconstructed.ToString("P2"), $"{report.Seconds:0} s");
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"Encodings cached under [bold]{Path.Combine(folder, "encodings")}[/]");
        }));
        return command;
    }
}
