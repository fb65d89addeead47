using Nasflat.Data;
using Nasflat.IO;
using Nasflat.Spaces;

namespace Nasflat.Tests.Data;

public class BadDataTests
{
    private static readonly string[] Keys = ["a", "b", "c"];

    private static IReadOnlyList<DeviceLatencies> ReadLatency(string path) =>
        LatencyFileReader.Read(new LatencyFileSpec(path, DeviceSource.User, "ms", 1.0, _ => false), SearchSpaceKind.Nb201, Keys, "arch_str");

    [Fact]
    public void ReadsAWellFormedLatencyFileWithGaps()
    {
        using var temp = new TempDirectory();
        var columns = ReadLatency(temp.Write("lat.csv", "index,arch_str,dev1,dev2\n2,c,3.5,\n0,a,1,2\n"));
        Assert.Equal(2, columns.Count);
        Assert.Equal([1.0, double.NaN, 3.5], columns[0].Milliseconds.ToArray());
        Assert.Equal(2, columns[0].Device.MeasuredCount);
        Assert.Equal(1, columns[1].Device.MeasuredCount);
    }

    [Fact]
    public void MissingDataDirectoryIsExplained()
    {
        var e = Assert.Throws<NasflatException>(() => DataDirectory.Resolve("/nonexistent/nasflat-data"));
        Assert.Contains("'/nonexistent/nasflat-data' (from --data) does not exist", e.Message);
    }

    [Fact]
    public void MissingFileInTheDataDirectoryNamesIt()
    {
        using var temp = new TempDirectory();
        var catalog = new DataCatalog(DataDirectory.Resolve(temp.Path));
        var e = Assert.Throws<DataFormatException>(() => catalog.Nb201);
        Assert.Contains(Path.Combine(temp.Path, "nb201", "archs.csv"), e.Message);
        Assert.Contains("file not found", e.Message);
    }

    [Fact]
    public void DuplicateArchitectureNamesBothLines()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("lat.csv", "index,arch_str,dev\n0,a,1\n1,b,2\n0,a,3\n");
        var e = Assert.Throws<DataFormatException>(() => ReadLatency(path));
        Assert.Equal($"{path}:4: duplicate architecture: index 0 already appeared on line 2. Fix: remove one of the two rows.", e.Message);
    }

    [Fact]
    public void NonNumericLatencyNamesTheCell()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("lat.csv", "index,arch_str,gold\n0,a,1\n1,b,fast\n");
        var e = Assert.Throws<DataFormatException>(() => ReadLatency(path));
        Assert.StartsWith($"{path}:3: column 'gold': 'fast' is not a finite number", e.Message);
    }

    [Fact]
    public void NegativeLatencyIsRejected()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("lat.csv", "index,arch_str,gold\n0,a,-2.5\n");
        var e = Assert.Throws<DataFormatException>(() => ReadLatency(path));
        Assert.StartsWith($"{path}:2: column 'gold' (device gold): latency -2.5 is negative.", e.Message);
    }

    [Fact]
    public void RowThatDisagreesWithTheArchitectureTableIsRejected()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("lat.csv", "index,arch_str,dev\n1,a,1\n");
        var e = Assert.Throws<DataFormatException>(() => ReadLatency(path));
        Assert.Contains(":2: column 'arch_str': 'a' is not architecture 1, which is 'b'", e.Message);
    }

    [Fact]
    public void IndexOutOfRangeIsRejected()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("lat.csv", "index,arch_str,dev\n7,a,1\n");
        var e = Assert.Throws<DataFormatException>(() => ReadLatency(path));
        Assert.Contains(":2: column 'index': 7 is outside 0..2", e.Message);
    }

    [Fact]
    public void DeviceDefinedTwiceIsRejected()
    {
        using var temp = new TempDirectory();
        var first = ReadLatency(temp.Write("a.csv", "index,arch_str,dev\n0,a,1\n"));
        var second = ReadLatency(temp.Write("b.csv", "index,arch_str,dev\n0,a,2\n"));
        var e = Assert.Throws<NasflatException>(() => new LatencyMatrix(SearchSpaceKind.Nb201, 3, first.Concat(second)));
        Assert.Contains("Device 'dev' is defined twice", e.Message);
    }

    [Fact]
    public void CorruptArchitectureStringInTheRealLayoutNamesFileAndLine()
    {
        using var temp = new TempDirectory();
        string source = SharedData.Open().Directory.File("nb201");
        Directory.CreateDirectory(Path.Combine(temp.Path, "nb201"));
        foreach (string file in Directory.GetFiles(source))
            File.Copy(file, Path.Combine(temp.Path, "nb201", Path.GetFileName(file)));
        string archs = Path.Combine(temp.Path, "nb201", "archs.csv");
        var lines = File.ReadAllLines(archs);
        lines[5] = System.Text.RegularExpressions.Regex.Replace(lines[5], @"^(\d+,\|)[a-z_0-9]+~0", "${1}nor_conv_5x5~0");
        File.WriteAllLines(archs, lines);

        var e = Assert.Throws<DataFormatException>(() => new DataCatalog(DataDirectory.Resolve(temp.Path)).Nb201);
        Assert.StartsWith($"{archs}:6: column 'arch_str': Invalid NB201 architecture", e.Message);
        Assert.Contains("unknown operation 'nor_conv_5x5'", e.Message);
    }
}
