using System.CommandLine;
using Nasflat.Encodings;
using Nasflat.Spaces;
using Spectre.Console;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat encodings</c>: train (or load) the learned encoders of a space and show how well they do their self-supervised task.</summary>
internal static class EncodingsCommand
{
    public static Command Build()
    {
        var space = new Option<string>("--space") { Description = "nb201, fbnet or all.", DefaultValueFactory = _ => "all" };
        var encoder = new Option<string>("--encoder") { Description = "arch2vec, cate or all.", DefaultValueFactory = _ => "all" };
        var cache = new Option<string?>("--cache") { Description = "Cache folder (default: $NASFLAT_CACHE, then ~/.cache/nasflat)." };
        var epochs = new Option<int?>("--epochs") { Description = $"Training epochs (default: arch2vec {new Arch2VecSettings().Epochs}, CATE {new CateSettings().Epochs})." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var command = new Command("encodings", "Train Nasflat's arch2vec-style graph autoencoder and CATE-style transformer on every architecture of a space (cached) " +
            "and report how well they reconstruct or predict masked operations; the encodings serve as the `arch2vec`, `a2vzcp`, `cate` and `caz` features.")
        {
            space, encoder, cache, epochs, seed,
        };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            string folder = parse.GetValue(cache) ?? FeatureCatalog.CacheDirectory;
            string which = parse.GetValue(encoder)!;
            if (which is not ("arch2vec" or "cate" or "all"))
                throw new NasflatException($"--encoder '{which}' is not arch2vec, cate or all.");
            var spaces = parse.GetValue(space) == "all" ? [SearchSpaceKind.Nb201, SearchSpaceKind.Fbnet] : new[] { SearchSpaceKindExtensions.ParseSpace(parse.GetValue(space)!) };
            int? epochCount = parse.GetValue(epochs);
            if (which is "arch2vec" or "all")
            {
                var settings = new Arch2VecSettings { Epochs = epochCount ?? new Arch2VecSettings().Epochs, Seed = parse.GetValue(seed) };
                var table = new Table().Border(TableBorder.Rounded)
                    .AddColumns("arch2vec", "training graphs", "epochs", "ops correct", "node pairs correct", "graphs fully reconstructed", "training time");
                foreach (var kind in spaces)
                {
                    var report = WithBar($"arch2vec {kind.Id()}", settings.Epochs, progress => Arch2Vec.Load(catalog.Space(kind), folder, settings, progress).Report);
                    table.AddRow(report.Space, report.TrainingGraphs.ToString(), settings.Epochs.ToString(), report.OperationAccuracy.ToString("P2"),
                        report.AdjacencyAccuracy.ToString("P2"), report.GraphsReconstructed.ToString("P2"), $"{report.Seconds:0} s");
                }
                AnsiConsole.Write(table);
            }
            if (which is "cate" or "all")
            {
                var settings = new CateSettings { Epochs = epochCount ?? new CateSettings().Epochs, Seed = parse.GetValue(seed) };
                var table = new Table().Border(TableBorder.Rounded)
                    .AddColumns("CATE", "training graphs", "epochs", "masked ops per graph", "masked ops correct", "most frequent op per position", "training time");
                foreach (var kind in spaces)
                {
                    var report = WithBar($"CATE {kind.Id()}", settings.Epochs, progress => Cate.Load(catalog.Space(kind), folder, settings, progress).Report);
                    table.AddRow(report.Space, report.TrainingGraphs.ToString(), settings.Epochs.ToString(), report.MaskedOperationsPerGraph.ToString("0.00"),
                        report.MaskedOperationAccuracy.ToString("P2"), report.MostFrequentAccuracy.ToString("P2"), $"{report.Seconds:0} s");
                }
                AnsiConsole.Write(table);
            }
            AnsiConsole.MarkupLineInterpolated($"Encodings cached under [bold]{Path.Combine(folder, "encodings")}[/]");
        }));
        return command;
    }

    private static T WithBar<T>(string name, int epochs, Func<IProgress<(int Epoch, double Loss)>, T> train)
    {
        T result = default!;
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var bar = context.AddTask(name, maxValue: epochs);
                result = train(new Progress<(int Epoch, double Loss)>(p => { bar.Value = p.Epoch; bar.Description = $"{name} loss {p.Loss:0.000}"; }));
                bar.Value = bar.MaxValue;
            });
        return result;
    }
}
