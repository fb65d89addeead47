namespace Nasflat.Tests.Architecture;

/// <summary>
/// The library's folders form layers (docs/adr/0007-layers.md): a folder may use its own types and those of the
/// folders below it, never those above. The test reads the compiled assembly, so it sees every use, in signatures and
/// in method bodies alike.
/// </summary>
public class LayerTests
{
    /// <summary>Lowest first. "(root)" holds NasflatException.</summary>
    public static readonly string[] Layers =
    [
        "(root)", "IO", "Numerics", "Native", "Processes", "Tensors", "Evaluation", "Spaces", "Data", "Tasks", "Networks", "Proxies",
        "Encodings", "Sampling", "Priors", "Models", "Training", "Measurement", "Experiments", "Methods", "Baselines", "Search",
        "Performance", "Prediction", "Reporting", "Sweeps", "Runs",
    ];

    internal static string FolderOf(Type type)
    {
        var parts = (type.Namespace ?? "").Split('.');
        return parts.Length > 1 ? parts[1] : "(root)";
    }

    /// <summary>Each use of a type in a higher layer, as "User (Folder) uses Used (Folder)".</summary>
    internal static IReadOnlyList<string> BackwardReferences(System.Reflection.Assembly assembly, IList<string> layers) =>
        AssemblyReferences.Of(assembly)
            .Where(e => IsOurs(e.User) && IsOurs(e.Used))
            .Where(e => layers.IndexOf(FolderOf(e.Used)) > layers.IndexOf(FolderOf(e.User)))
            .Select(e => $"{e.User.FullName} ({FolderOf(e.User)}) uses {e.Used.FullName} ({FolderOf(e.Used)})")
            .Distinct().Order(StringComparer.Ordinal).ToList();

    private static bool IsOurs(Type type) => (type.Namespace ?? "").StartsWith("Nasflat", StringComparison.Ordinal);

    [Fact]
    public void NoFolderUsesOneAboveIt()
    {
        var backward = BackwardReferences(typeof(NasflatException).Assembly, Layers);
        Assert.True(backward.Count == 0, $"{backward.Count} backward reference(s) between folders:\n{string.Join("\n", backward)}");
    }

    [Fact]
    public void EveryFolderHasALayer()
    {
        var folders = typeof(NasflatException).Assembly.GetTypes().Where(IsOurs).Select(FolderOf).Distinct().Order(StringComparer.Ordinal);
        Assert.Empty(folders.Except(Layers));
    }

    [Fact]
    public void TheCheckSeesUsesInSignaturesAndInMethodBodies()
    {
        // With Data placed above Runs, Runs' uses of Data become backward: from signatures (FewShotExperiment's
        // constructor takes SpaceData) and from method bodies alike.
        var swapped = Layers.Where(l => l != "Data").Append("Data").ToList();
        var backward = BackwardReferences(typeof(NasflatException).Assembly, swapped);
        Assert.Contains(backward, b => b.StartsWith("Nasflat.Runs.FewShotExperiment (Runs) uses Nasflat.Data.SpaceData", StringComparison.Ordinal));
        Assert.Contains(backward, b => b.StartsWith("Nasflat.Runs.FewShotExperiment (Runs) uses Nasflat.Data.LatencyMatrix", StringComparison.Ordinal));
        Assert.Contains(backward, b => b.StartsWith("Nasflat.Tasks.SourceRanking (Tasks) uses Nasflat.Data.LatencyMatrix", StringComparison.Ordinal));
    }
}
