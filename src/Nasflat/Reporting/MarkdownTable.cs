using System.Text;

namespace Nasflat.Reporting;

/// <summary>Builds a GitHub-flavoured Markdown table.</summary>
public sealed class MarkdownTable(params string[] header)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Add(params string[] cells)
    {
        if (cells.Length != header.Length) throw new ArgumentException($"{cells.Length} cells for {header.Length} columns.");
        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in _rows) text.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        return text.ToString();
    }
}
