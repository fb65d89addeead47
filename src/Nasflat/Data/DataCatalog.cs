using Nasflat.Spaces;

namespace Nasflat.Data;

/// <summary>
/// Entry point to the data: resolves the data directory and loads each space on first use (loading NB201 takes about
/// a second, FBNet less), then keeps it. Devices the user measured (<c>nasflat measure</c>) are added from a devices
/// folder: <c>--devices</c>, else <c>NASFLAT_DEVICES</c>, else <c>./devices</c>.
/// </summary>
public sealed class DataCatalog
{
    public const string DevicesEnvironmentVariable = "NASFLAT_DEVICES";

    private readonly Lazy<Nb201Data> _nb201;
    private readonly Lazy<FbnetData> _fbnet;

    public DataDirectory Directory { get; }

    /// <summary>Folder of user-measured devices (it may not exist yet).</summary>
    public string DevicesDirectory { get; }

    public DataCatalog(DataDirectory directory, string? devicesDirectory = null)
    {
        Directory = directory;
        DevicesDirectory = Path.GetFullPath(devicesDirectory ?? "devices");
        string? devices = System.IO.Directory.Exists(DevicesDirectory) ? DevicesDirectory : null;
        _nb201 = new Lazy<Nb201Data>(() => Nb201DataLoader.Load(directory, devices));
        _fbnet = new Lazy<FbnetData>(() => FbnetDataLoader.Load(directory, devices));
    }

    /// <summary>Opens the data directory found by <see cref="DataDirectory.Resolve(string?)"/> and the devices folder.</summary>
    public static DataCatalog Open(string? explicitPath = null, string? devicesDirectory = null) =>
        new(DataDirectory.Resolve(explicitPath), devicesDirectory ?? Environment.GetEnvironmentVariable(DevicesEnvironmentVariable));

    public Nb201Data Nb201 => _nb201.Value;
    public FbnetData Fbnet => _fbnet.Value;

    public SpaceData Space(SearchSpaceKind space) => space switch
    {
        SearchSpaceKind.Nb201 => Nb201,
        SearchSpaceKind.Fbnet => Fbnet,
        _ => throw new ArgumentOutOfRangeException(nameof(space)),
    };
}
