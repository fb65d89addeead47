namespace Nasflat.IO;

/// <summary>A data file has content that cannot be used; the message starts with <c>file:line:</c>.</summary>
public sealed class DataFormatException : NasflatException
{
    public string FilePath { get; }
    public int Line { get; }

    public DataFormatException(string filePath, int line, string problem, string fix)
        : base(Format(filePath, line, problem, fix))
    {
        FilePath = filePath;
        Line = line;
    }

    private static string Format(string filePath, int line, string problem, string fix) =>
        (line > 0 ? $"{filePath}:{line}: " : $"{filePath}: ") + problem + (fix.Length > 0 ? $" Fix: {fix}" : "");
}
