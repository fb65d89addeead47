using Nasflat.Native;

namespace Nasflat.Tests.Native;

public class SymbolVersionRelaxerTests
{
    private static string ShippedWrapper()
    {
        // The untouched copy in the NuGet package folder the build restored from (recorded by the build), never the
        // (possibly already relaxed) one in the build output.
        string packages = typeof(SymbolVersionRelaxerTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;
        string version = typeof(TorchSharp.torch).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "";
        return Path.Combine(packages, "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    [Fact]
    public void RelaxesTheFormalGlibcxx332RequirementOnlyOnce()
    {
        string shipped = ShippedWrapper();
        Assert.True(File.Exists(shipped), $"expected TorchSharp's wrapper at {shipped}");
        using var temp = new TempDirectory();
        string copy = Path.Combine(temp.Path, "libLibTorchSharp.so");
        File.Copy(shipped, copy);
        var before = File.GetLastWriteTimeUtc(copy);

        var need = ElfImage.Parse(File.ReadAllBytes(copy), copy).VersionNeeds()
            .Single(n => n.Library == "libstdc++.so.6" && n.Version == "GLIBCXX_3.4.32");
        Assert.False(need.IsWeak);

        Assert.Equal(SymbolVersionRelaxer.Outcome.Relaxed, SymbolVersionRelaxer.Relax(copy, "libstdc++.so.6", "GLIBCXX_3.4.32"));
        var image = ElfImage.Parse(File.ReadAllBytes(copy), copy);
        var relaxed = image.VersionNeeds().Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.True(relaxed.IsWeak);
        Assert.DoesNotContain(image.DynamicSymbols(), s => (s.VersionIndex & 0x7fff) == relaxed.Index);
        Assert.Equal(new FileInfo(shipped).Length, new FileInfo(copy).Length);
        Assert.Equal(before, File.GetLastWriteTimeUtc(copy));

        // Every other requirement is untouched.
        var others = image.VersionNeeds().Where(n => n.Version != "GLIBCXX_3.4.32").ToList();
        Assert.All(others, n => Assert.False(n.IsWeak));

        Assert.Equal(SymbolVersionRelaxer.Outcome.AlreadyRelaxed, SymbolVersionRelaxer.Relax(copy, "libstdc++.so.6", "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void RefusesToRelaxAVersionWhoseSymbolsAreReallyCalled()
    {
        using var temp = new TempDirectory();
        string copy = Path.Combine(temp.Path, "libLibTorchSharp.so");
        File.Copy(ShippedWrapper(), copy);
        // GLIBCXX_3.4.30 binds symbols the wrapper calls through the PLT, so relaxing it would be unsafe.
        var e = Assert.Throws<NativeLoadException>(() => SymbolVersionRelaxer.Relax(copy, "libstdc++.so.6", "GLIBCXX_3.4.30"));
        Assert.Contains("really uses", e.Message);
    }
}
