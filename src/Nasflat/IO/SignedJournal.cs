namespace Nasflat.IO;

/// <summary>
/// An append-only text file whose first line is a signature of the settings that produced it, flushed after every
/// line, so interrupted work resumes where it stopped. A journal with another signature is refused; callers skip a
/// torn last line (the process died mid-write) when they parse.
/// </summary>
public sealed class SignedJournal : IDisposable
{
    private readonly StreamWriter writer;

    public string Path { get; }

    /// <summary>The lines recorded before this journal was opened (signature excluded).</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <param name="mismatch">The error message when the file has another signature, given the one it has.</param>
    public SignedJournal(string path, string signature, Func<string, string> mismatch)
    {
        Path = path;
        Lines = ReadLines(path, signature, mismatch);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        bool exists = File.Exists(path) && new FileInfo(path).Length > 0;
        writer = new StreamWriter(path, append: exists);
        if (!exists)
        {
            writer.WriteLine(signature);
            writer.Flush();
        }
    }

    /// <summary>The lines after the signature; none when the file does not exist or is empty.</summary>
    public static IReadOnlyList<string> ReadLines(string path, string signature, Func<string, string> mismatch)
    {
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) return [];
        if (lines[0] != signature) throw new NasflatException(mismatch(lines[0]));
        return lines[1..];
    }

    public void Append(string line)
    {
        writer.WriteLine(line);
        writer.Flush();
    }

    public void Dispose() => writer.Dispose();
}
