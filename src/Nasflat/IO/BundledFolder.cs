namespace Nasflat.IO;

/// <summary>
/// Finds a folder that ships with Nasflat (<c>data</c>, <c>predictors</c>): next to the program, where a tool package
/// or a publish puts it, else at the root of the checkout the program was built in or is run from (the folder with
/// <c>Nasflat.sln</c>), so a clone works with nothing beside it.
/// </summary>
public static class BundledFolder
{
    /// <summary>The folder's path and where it was found ("next to the program" or "in the checkout"), or null.</summary>
    public static (string Path, string Where)? Find(string name) => Find(name, [AppContext.BaseDirectory, Environment.CurrentDirectory]);

    /// <param name="searchFrom">The program's folder first, then folders whose ancestors may be the checkout's root.</param>
    internal static (string Path, string Where)? Find(string name, IReadOnlyList<string> searchFrom)
    {
        if (searchFrom.Count > 0)
        {
            string beside = Path.GetFullPath(Path.Combine(searchFrom[0], name));
            if (Directory.Exists(beside)) return (beside, "bundled next to the program");
        }
        foreach (string start in searchFrom)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "Nasflat.sln"))) continue;
                string candidate = Path.Combine(dir.FullName, name);
                if (Directory.Exists(candidate)) return (candidate, $"bundled in the checkout {dir.FullName}");
                break;
            }
        }
        return null;
    }
}
