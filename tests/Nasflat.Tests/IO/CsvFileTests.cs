using Nasflat.IO;

namespace Nasflat.Tests.IO;

public class CsvFileTests
{
    [Fact]
    public void ReadsQuotedFieldsAndKeepsLineNumbers()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("t.csv", "index,vector,value\n0,\"(4, 2, 1)\",1.5\n\n1,\"say \"\"hi\"\"\",-inf\n");
        var csv = CsvFile.Read(path);
        Assert.Equal(["index", "vector", "value"], csv.Header);
        Assert.Equal(2, csv.Rows.Count);
        Assert.Equal("(4, 2, 1)", csv.Rows[0][1]);
        Assert.Equal("say \"hi\"", csv.Rows[1][1]);
        Assert.Equal(4, csv.Rows[1].Line);
        Assert.Equal(1.5, csv.Rows[0].Double(2, "value"));
        Assert.Equal(double.NegativeInfinity, csv.Rows[1].Double(2, "value", allowInfinite: true));
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        var e = Assert.Throws<DataFormatException>(() => CsvFile.Read("/nonexistent/nasflat/latency.csv"));
        Assert.Contains("/nonexistent/nasflat/latency.csv", e.Message);
        Assert.Contains("file not found", e.Message);
        Assert.Contains("--data", e.Message);
    }

    [Fact]
    public void MalformedRowNamesFileLineAndCounts()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("t.csv", "index,a,b\n0,1,2\n1,2\n");
        var e = Assert.Throws<DataFormatException>(() => CsvFile.Read(path));
        Assert.StartsWith($"{path}:3: malformed row: expected 3 fields", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void UnclosedQuoteIsMalformed()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("t.csv", "index,a\n0,\"open\n");
        var e = Assert.Throws<DataFormatException>(() => CsvFile.Read(path));
        Assert.Contains(":2: malformed row: a quoted field is not closed", e.Message);
    }

    [Fact]
    public void NonNumericValueNamesColumnAndValue()
    {
        using var temp = new TempDirectory();
        var csv = CsvFile.Read(temp.Write("t.csv", "index,lat\n0,abc\n"));
        var e = Assert.Throws<DataFormatException>(() => csv.Rows[0].Double(1, "lat"));
        Assert.Contains(":2: column 'lat': 'abc' is not a finite number", e.Message);
        Assert.Throws<DataFormatException>(() => csv.Rows[0].Int(0 + 1, "lat"));
    }

    [Fact]
    public void MissingColumnIsReported()
    {
        using var temp = new TempDirectory();
        var csv = CsvFile.Read(temp.Write("t.csv", "index,lat\n0,1\n"));
        var e = Assert.Throws<DataFormatException>(() => csv.Column("arch_str"));
        Assert.Contains("required column 'arch_str' is missing", e.Message);
    }

    [Fact]
    public void AtomicWriteLeavesNoTemporaryFiles()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "sub", "out.json");
        AtomicFile.WriteAllText(path, "{}");
        AtomicFile.WriteAllText(path, "{\"a\":1}");
        Assert.Equal("{\"a\":1}", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("interrupted")));
        Assert.Equal("{\"a\":1}", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
