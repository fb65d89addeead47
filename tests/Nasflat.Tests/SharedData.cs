using Nasflat.Data;

namespace Nasflat.Tests;

/// <summary>The real data directory (../shared/data), loaded once for all tests.</summary>
public static class SharedData
{
    private static readonly Lazy<DataCatalog> Catalog = new(() => DataCatalog.Open());

    public static DataCatalog Open() => Catalog.Value;
    public static Nb201Data Nb201 => Catalog.Value.Nb201;
    public static FbnetData Fbnet => Catalog.Value.Fbnet;
}
