using Nasflat.Data;

namespace Nasflat.Tests.Data;

public class DataDirectoryTests
{
    private static readonly string[] FromTestBinary = [AppContext.BaseDirectory];

    [Fact]
    public void ExplicitPathWinsOverTheEnvironment()
    {
        using var option = new TempDirectory();
        using var env = new TempDirectory();
        var dir = DataDirectory.Resolve(option.Path, _ => env.Path, FromTestBinary);
        Assert.Equal(option.Path, dir.Path);
        Assert.Equal("--data", dir.FoundBy);
    }

    [Fact]
    public void EnvironmentWinsOverTheDefault()
    {
        using var env = new TempDirectory();
        var dir = DataDirectory.Resolve(null, name => name == "NASFLAT_DATA" ? env.Path : null, FromTestBinary);
        Assert.Equal(env.Path, dir.Path);
        Assert.Equal("NASFLAT_DATA", dir.FoundBy);
    }

    [Fact]
    public void EnvironmentPointingNowhereIsAnError()
    {
        var e = Assert.Throws<NasflatException>(() => DataDirectory.Resolve(null, _ => "/nonexistent/data", FromTestBinary));
        Assert.Contains("(from NASFLAT_DATA) does not exist", e.Message);
    }

    [Fact]
    public void DefaultIsTheDataFolderOfTheCheckout()
    {
        var dir = DataDirectory.Resolve(null, _ => null, FromTestBinary);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(dir.Path)!, "Nasflat.sln")), dir.Path);
        Assert.Equal("data", Path.GetFileName(dir.Path));
        Assert.StartsWith("bundled in the checkout", dir.FoundBy);
        Assert.True(File.Exists(dir.File("nb201", "archs.csv")));
    }

    [Fact]
    public void ADataFolderNextToTheProgramWinsOverTheCheckout()
    {
        // A tool package or a publish carries data/ beside the program.
        using var program = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(program.Path, "data"));
        var dir = DataDirectory.Resolve(null, _ => null, [program.Path, AppContext.BaseDirectory]);
        Assert.Equal(Path.Combine(program.Path, "data"), dir.Path);
        Assert.Equal("bundled next to the program", dir.FoundBy);
    }

    [Fact]
    public void TheBundledDataHoldsTheDatasetsAndTheirReadmeAndNothingElse()
    {
        var dir = DataDirectory.Resolve(null, _ => null, FromTestBinary);
        Assert.Equal(["README.md", "fbnet", "nb201"],
            Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("Licen", File.ReadAllText(dir.File("README.md")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void NoRepositoryAndNoSettingsIsExplained()
    {
        using var elsewhere = new TempDirectory();
        var e = Assert.Throws<NasflatException>(() => DataDirectory.Resolve(null, _ => null, [elsewhere.Path]));
        Assert.Contains("Pass --data <dir> or set NASFLAT_DATA", e.Message);
    }
}
