namespace Nasflat.Spaces;

/// <summary>The search spaces Nasflat knows.</summary>
public enum SearchSpaceKind
{
    /// <summary>NAS-Bench-201: 15625 cells, 6 edges with 5 operations each.</summary>
    Nb201,
    /// <summary>FBNet: 22 searchable layers with 9 block choices each (HELP's 5000-architecture sample).</summary>
    Fbnet,
}

public static class SearchSpaceKindExtensions
{
    /// <summary>The short lower-case name used on the command line, in task names and in the data directory.</summary>
    public static string Id(this SearchSpaceKind space) => space switch
    {
        SearchSpaceKind.Nb201 => "nb201",
        SearchSpaceKind.Fbnet => "fbnet",
        _ => throw new ArgumentOutOfRangeException(nameof(space)),
    };

    public static SearchSpaceKind ParseSpace(string text) => text.Trim().ToLowerInvariant() switch
    {
        "nb201" or "nasbench201" or "nas-bench-201" => SearchSpaceKind.Nb201,
        "fbnet" => SearchSpaceKind.Fbnet,
        _ => throw new NasflatException($"Unknown search space '{text}'. Use 'nb201' or 'fbnet'."),
    };
}
