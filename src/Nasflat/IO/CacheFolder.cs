namespace Nasflat.IO;

/// <summary>Where Nasflat caches what it computes once (pretrained predictors, proxies, encodings).</summary>
public static class CacheFolder
{
    public const string EnvironmentVariable = "NASFLAT_CACHE";

    /// <summary><c>$NASFLAT_CACHE</c>, else <c>~/.cache/nasflat</c>.</summary>
    public static string Default() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "nasflat");
}
