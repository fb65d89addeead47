using Nasflat.Spaces;

namespace Nasflat.Data;

/// <summary>
/// Entry point to the data: resolves the data directory and loads each space on first use (loading NB201 takes about
/// a second, FBNet less), then keeps it.
/// </summary>
public sealed class DataCatalog
{
    private readonly Lazy<Nb201Data> _nb201;
    private readonly Lazy<FbnetData> _fbnet;

    public DataDirectory Directory { get; }

    public DataCatalog(DataDirectory directory)
    {
        Directory = directory;
        _nb201 = new Lazy<Nb201Data>(() => Nb201DataLoader.Load(directory));
        _fbnet = new Lazy<FbnetData>(() => FbnetDataLoader.Load(directory));
    }

    /// <summary>Opens the data directory found by <see cref="DataDirectory.Resolve(string?)"/>.</summary>
    public static DataCatalog Open(string? explicitPath = null) => new(DataDirectory.Resolve(explicitPath));

    public Nb201Data Nb201 => _nb201.Value;
    public FbnetData Fbnet => _fbnet.Value;

    public SpaceData Space(SearchSpaceKind space) => space switch
    {
        SearchSpaceKind.Nb201 => Nb201,
        SearchSpaceKind.Fbnet => Fbnet,
        _ => throw new ArgumentOutOfRangeException(nameof(space)),
    };
}
