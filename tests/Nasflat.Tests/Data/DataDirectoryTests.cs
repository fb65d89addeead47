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
    public void DefaultIsSharedDataNextToTheRepository()
    {
        var dir = DataDirectory.Resolve(null, _ => null, FromTestBinary);
        Assert.EndsWith(Path.Combine("shared", "data"), dir.Path);
        Assert.True(File.Exists(dir.File("nb201", "archs.csv")));
    }

    [Fact]
    public void NoRepositoryAndNoSettingsIsExplained()
    {
        var e = Assert.Throws<NasflatException>(() => DataDirectory.Resolve(null, _ => null, ["/"]));
        Assert.Contains("Pass --data <dir> or set NASFLAT_DATA", e.Message);
    }
}
