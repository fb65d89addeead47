namespace Nasflat.Data;

/// <summary>
/// Where the latency, accuracy and proxy data live. Found, in order, from an explicit path (the CLI's <c>--data</c>),
/// the <c>NASFLAT_DATA</c> environment variable, or the <c>data</c> folder that ships with Nasflat (next to the
/// program in a tool package, else at the root of the checkout; see <see cref="IO.BundledFolder"/>).
/// </summary>
public sealed record DataDirectory(string Path, string FoundBy)
{
    public const string EnvironmentVariable = "NASFLAT_DATA";

    public static DataDirectory Resolve(string? explicitPath = null) =>
        Resolve(explicitPath, Environment.GetEnvironmentVariable, [AppContext.BaseDirectory, Environment.CurrentDirectory]);

    /// <param name="environment">Reads an environment variable (injectable so tests need not touch the process).</param>
    /// <param name="searchFrom">The program's folder, then folders whose ancestors may be the checkout's root.</param>
    internal static DataDirectory Resolve(string? explicitPath, Func<string, string?> environment, IReadOnlyList<string> searchFrom)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Existing(explicitPath, "--data");

        string? fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Existing(fromEnvironment, EnvironmentVariable);

        if (IO.BundledFolder.Find("data", searchFrom) is { } bundled) return new DataDirectory(bundled.Path, bundled.Where);
        throw new NasflatException(
            $"No data directory found: no data/ folder next to the program ({searchFrom.FirstOrDefault()}) or in a Nasflat checkout above " +
            $"{string.Join(" or ", searchFrom.Skip(1).DefaultIfEmpty(searchFrom.FirstOrDefault() ?? "."))}. " +
            $"Pass --data <dir> or set {EnvironmentVariable} to the folder holding nb201/ and fbnet/.");
    }

    /// <summary>Path of a file inside the directory, e.g. <c>File("nb201", "archs.csv")</c>.</summary>
    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static DataDirectory Existing(string path, string foundBy)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
            throw new NasflatException(
                $"Data directory '{full}' (from {foundBy}) does not exist. Point {foundBy} at the folder holding nb201/ and fbnet/.");
        return new DataDirectory(full, foundBy);
    }
}
