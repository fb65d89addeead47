namespace Nasflat.IO;

/// <summary>Writes files so that a reader never sees a half-written file: write a sibling temp file, then rename.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents) =>
        Write(path, temp => File.WriteAllText(temp, contents));

    public static void WriteAllBytes(string path, byte[] contents) =>
        Write(path, temp => File.WriteAllBytes(temp, contents));

    /// <summary>Writes through a stream callback; the target appears only once the callback has finished.</summary>
    public static void Write(string path, Action<string> writeTemp)
    {
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        string temp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            writeTemp(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Replaces a file's bytes atomically, keeping its Unix mode and modification time. Keeping the time matters for
    /// build outputs: MSBuild then sees the file as unchanged and does not copy the original back over it.
    /// </summary>
    public static void ReplaceKeepingMetadata(string path, byte[] contents)
    {
        var mode = OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(path);
        var modified = File.GetLastWriteTimeUtc(path);
        Write(path, temp =>
        {
            File.WriteAllBytes(temp, contents);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, mode);
            File.SetLastWriteTimeUtc(temp, modified);
        });
    }
}
