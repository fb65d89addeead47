namespace Nasflat.Data;

/// <summary>
/// Where the latency, accuracy and proxy data live. Found, in order, from an explicit path (the CLI's <c>--data</c>),
/// the <c>NASFLAT_DATA</c> environment variable, or <c>../shared/data</c> next to the repository root.
/// </summary>
public sealed record DataDirectory(string Path, string FoundBy)
{
    public const string EnvironmentVariable = "NASFLAT_DATA";

    public static DataDirectory Resolve(string? explicitPath = null) =>
        Resolve(explicitPath, Environment.GetEnvironmentVariable, [Environment.CurrentDirectory, AppContext.BaseDirectory]);

    /// <param name="environment">Reads an environment variable (injectable so tests need not touch the process).</param>
    /// <param name="searchFrom">Folders whose ancestors may be the repository root.</param>
    internal static DataDirectory Resolve(string? explicitPath, Func<string, string?> environment, IEnumerable<string> searchFrom)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Existing(explicitPath, "--data");

        string? fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Existing(fromEnvironment, EnvironmentVariable);

        var roots = searchFrom.Select(FindRepositoryRoot).OfType<string>().Distinct().ToList();
        foreach (string root in roots)
        {
            string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, "..", "shared", "data"));
            if (Directory.Exists(candidate)) return new DataDirectory(candidate, $"default ../shared/data of repository {root}");
        }
        string looked = roots.Count == 0
            ? "no Nasflat repository root (a folder with Nasflat.sln) was found above the current or program directory"
            : $"looked for {string.Join(", ", roots.Select(r => System.IO.Path.Combine(r, "..", "shared", "data")))}";
        throw new NasflatException(
            $"No data directory found: {looked}. Pass --data <dir> or set {EnvironmentVariable} to the folder holding nb201/ and fbnet/.");
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

    private static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Nasflat.sln"))) return dir.FullName;
        return null;
    }
}
