using System.CommandLine;
using System.Globalization;
using Nasflat.Data;
using Nasflat.Spaces;
using Spectre.Console;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat arch &lt;space&gt; [arch] [--index N]</c>: one architecture, every fact the data has about it.</summary>
internal static class ArchCommand
{
    public static Command Build()
    {
        var space = new Argument<string>("space") { Description = "nb201 or fbnet." };
        var arch = new Argument<string?>("arch")
        {
            Description = "NB201 arch string (quote it: it contains '|') or FBNet op list such as 7_8_1_..._5.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var index = new Option<int?>("--index", "-i") { Description = "Architecture index instead of its text." };
        var command = new Command("arch", "Show an architecture's graph encoding, FLOPs, params, accuracy and latency on every device.")
        {
            space, arch, index,
        };
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var kind = SearchSpaceKindExtensions.ParseSpace(parse.GetValue(space)!);
            var catalog = NasflatCli.Catalog(parse);
            Render(ArchitectureDescription.Of(catalog.Space(kind), parse.GetValue(arch), parse.GetValue(index)));
        }));
        return command;
    }

    private static void Render(ArchitectureDescription d)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{d.Space.Id()}[/] architecture {(d.Index is { } i ? $"#{i}" : "(not in the data)")}");
        AnsiConsole.MarkupLineInterpolated($"  {d.Text}");
        string unit = d.Space == SearchSpaceKind.Nb201 ? "CIFAR-10" : "CIFAR-100";
        AnsiConsole.MarkupLineInterpolated(
            $"  FLOPs (MACs, {unit}): {d.Flops / 1e6:0.#####} M   params: {d.Parameters / 1e6:0.######} M");
        foreach (var (dataset, accuracy) in d.Accuracies)
            AnsiConsole.MarkupLineInterpolated($"  test accuracy {dataset}: {accuracy:0.##} %");

        var graph = new Table().Border(TableBorder.Simple).AddColumns("node", "operation", "adjacency row (→ node 0..n-1)");
        var rows = d.Graph.AdjacencyRows().ToList();
        for (int node = 0; node < d.Graph.NodeCount; node++)
        {
            int op = d.Graph.Operations[node];
            graph.AddRow(node.ToString(CultureInfo.InvariantCulture), $"{op} {Markup.Escape(d.OperationVocabulary[op])}", rows[node]);
        }
        AnsiConsole.MarkupLineInterpolated($"  Graph encoding: {d.Graph.NodeCount} nodes, {d.Graph.EdgeCount} edges");
        AnsiConsole.Write(graph);

        if (d.Latencies.Count == 0) return;
        var latency = new Table().Border(TableBorder.Rounded).AddColumns("device", "source", "latency ms");
        foreach (var (device, ms) in d.Latencies)
            latency.AddRow(Markup.Escape(device.Name), device.Source.ToString(),
                ms is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "[grey]not measured[/]");
        AnsiConsole.Write(latency);
    }
}
