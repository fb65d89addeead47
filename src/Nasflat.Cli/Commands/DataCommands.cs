using System.CommandLine;
using System.Globalization;
using Nasflat.Data;
using Nasflat.Spaces;
using Spectre.Console;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat data ...</c>: what the data directory holds.</summary>
internal static class DataCommands
{
    public static Command Build()
    {
        var space = new Option<string?>("--space") { Description = "Only this space: nb201 or fbnet." };
        var summary = new Command("summary", "Per space and device: architectures measured, missing values, min/median/max latency (ms) and source.")
        {
            space,
        };
        summary.SetAction(parse => NasflatCli.Guard(() =>
        {
            var catalog = NasflatCli.Catalog(parse);
            AnsiConsole.MarkupLineInterpolated($"Data directory: [bold]{catalog.Directory.Path}[/] ({catalog.Directory.FoundBy})");
            var spaces = parse.GetValue(space) is { } only ? [SearchSpaceKindExtensions.ParseSpace(only)] : Enum.GetValues<SearchSpaceKind>();
            foreach (var kind in spaces) Render(catalog.Space(kind));
        }));
        var compareSpace = new Option<string>("--space") { Description = "nb201 or fbnet.", DefaultValueFactory = _ => "nb201" };
        var first = new Argument<string>("first") { Description = "A device." };
        var second = new Argument<string>("second") { Description = "Another device (e.g. a repeated measurement)." };
        var compare = new Command("compare", "How two devices agree on their common architectures: Spearman ρ, Kendall τ, median relative difference.")
        {
            compareSpace, first, second,
        };
        compare.SetAction(parse => NasflatCli.Guard(() =>
        {
            var data = NasflatCli.Catalog(parse).Space(SearchSpaceKindExtensions.ParseSpace(parse.GetValue(compareSpace)!));
            var c = DeviceComparison.Compare(data.Latency, parse.GetValue(first)!, parse.GetValue(second)!);
            AnsiConsole.MarkupLineInterpolated(
                $"{c.First} vs {c.Second} on {c.SharedArchitectures} architectures: Spearman ρ {c.Spearman:0.0000}, Kendall τ {c.KendallTau:0.0000}, median relative difference {c.MedianRelativeDifference:P2}");
        }));
        return new Command("data", "Inspect the latency, accuracy and proxy data.") { summary, compare };
    }

    private static void Render(SpaceData data)
    {
        var devices = data.Latency.Devices;
        var counts = devices.GroupBy(d => (d.Source, d.InPaperPool))
            .Select(g => $"{g.Count()} {g.Key.Source}{(g.Key.InPaperPool ? "" : " (not in the paper's pool)")}");
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{data.Space.Id()}[/]: {data.ArchitectureCount} architectures, {devices.Count} devices: {string.Join(", ", counts)}");

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("device", "source", "unit", "measured", "missing", "min ms", "median ms", "max ms", "distinct", "paper pool");
        foreach (var s in DeviceSummary.For(data.Latency))
        {
            table.AddRow(
                Markup.Escape(s.Device.Name), s.Device.Source.ToString(), s.Device.SourceUnit,
                s.Device.MeasuredCount.ToString(CultureInfo.InvariantCulture),
                s.Device.MissingCount == 0 ? "0" : $"[yellow]{s.Device.MissingCount}[/]",
                Format(s.MinMs), Format(s.MedianMs), Format(s.MaxMs),
                s.DistinctValues.ToString(CultureInfo.InvariantCulture),
                s.Device.InPaperPool ? "yes" : "[grey]no[/]");
        }
        AnsiConsole.Write(table);

        switch (data)
        {
            case Nb201Data nb201:
                AnsiConsole.WriteLine(
                    $"Accuracies: test and NASLib validation for {string.Join(", ", nb201.Accuracies.Test.Keys)}; " +
                    $"zen for all cells; NASLib's 13 proxies for {string.Join("/", nb201.NaslibProxySubset.Values.Select(t => t.Count))} cells; " +
                    $"HW-NAS-Bench metrics for {nb201.HwNasBench.Count} cells; {nb201.MetaD2ACandidates.Length} MetaD2A candidates; " +
                    $"{nb201.HelpReferenceIndices.Length} HELP reference architectures.");
                break;
            case FbnetData fbnet:
                AnsiConsole.WriteLine(
                    $"Zero-cost proxies: {string.Join(", ", fbnet.ZeroCostProxies.Metrics)} for {fbnet.ZeroCostProxies.Count} architectures; " +
                    $"{fbnet.HelpReferenceIndices.Length} HELP reference architectures.");
                break;
        }
    }

    private static string Format(double value) => double.IsNaN(value) ? "-" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
