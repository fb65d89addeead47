using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Nasflat.Native;

/// <summary>
/// Loads libtorch through TorchSharp and repairs the one known obstacle on older Linux distributions.
/// Call <see cref="EnsureLoaded"/> before the first use of <c>TorchSharp.torch</c>; every Nasflat API that uses
/// TorchSharp does so itself.
/// </summary>
/// <remarks>
/// TorchSharp's wrapper <c>libLibTorchSharp.so</c> is built with GCC 13 and formally requires GLIBCXX_3.4.32,
/// which GCC 12's libstdc++ (Debian 12, Ubuntu 22.04) lacks. Where the wrapper loads as shipped, nothing is done.
/// Otherwise the requirement is relaxed in place, in the build or publish output next to TorchSharp.dll (see
/// <see cref="SymbolVersionRelaxer"/> and docs/adr/0002-torchsharp-on-older-glibcxx.md). The check looks at the
/// wrapper itself, so it is idempotent and survives rebuilds that copy the original file back.
/// </remarks>
public static partial class TorchRuntime
{
    private const string WrapperFileName = "libLibTorchSharp.so";
    private const int MaxRepairs = 4;
    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>What happened when the native libraries were prepared, for diagnostics.</summary>
    public static string Status { get; private set; } = "not loaded";

    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            NumericalReproducibility.Apply(); // before MKL's first call
            if (OperatingSystem.IsLinux()) LoadWrapperRepairingIfNeeded();
            AllocatorTuning.Apply();
            _loaded = true;
        }
    }

    /// <summary>
    /// Sets libtorch's intra-op thread count, loading libtorch first: calling <c>torch.set_num_threads</c> before
    /// <see cref="EnsureLoaded"/> makes TorchSharp try the unrepaired wrapper and fail for the whole process.
    /// </summary>
    public static void UseThreads(int threads)
    {
        if (threads < 1) throw new NasflatException($"Thread count {threads} must be at least 1.");
        EnsureLoaded();
        TorchSharp.torch.set_num_threads(threads);
    }

    private static void LoadWrapperRepairingIfNeeded()
    {
        string wrapper = LocateWrapper();
        var repaired = new List<string>();
        for (int attempt = 0; ; attempt++)
        {
            string? error = TryLoad(wrapper);
            if (error is null)
            {
                Status = repaired.Count == 0
                    ? $"loaded {wrapper}"
                    : $"loaded {wrapper} after relaxing {string.Join(", ", repaired)}";
                return;
            }

            var missing = MissingVersionPattern().Match(error);
            if (!missing.Success || attempt >= MaxRepairs)
                throw new NativeLoadException(Explain(wrapper, error));

            string library = missing.Groups["lib"].Value;
            string version = missing.Groups["ver"].Value;
            string requiredBy = missing.Groups["by"].Value;
            if (!library.StartsWith("libstdc++", StringComparison.Ordinal))
                throw new NativeLoadException(Explain(wrapper, error));
            try
            {
                SymbolVersionRelaxer.Relax(requiredBy, library, version);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NativeLoadException)
            {
                throw new NativeLoadException(
                    $"TorchSharp's native library {requiredBy} needs {library} version {version}, which this system lacks, " +
                    $"and Nasflat's compatibility fix could not be applied: {e.Message}\n" + NewerLibStdCxxHint, e);
            }
            repaired.Add($"{Path.GetFileName(requiredBy)}:{version}");
        }
    }

    private static string LocateWrapper()
    {
        string torchSharpDir = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location) ?? AppContext.BaseDirectory;
        string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        string[] candidates =
        [
            Path.Combine(torchSharpDir, WrapperFileName),
            Path.Combine(torchSharpDir, "runtimes", rid, "native", WrapperFileName),
        ];
        return candidates.FirstOrDefault(File.Exists) ?? throw new NativeLoadException(
            $"TorchSharp's native wrapper {WrapperFileName} was not found (looked in {string.Join(" and ", candidates)}). " +
            "The project must reference the libtorch-cpu-linux-x64 package (Nasflat's library does); run `dotnet build` again.");
    }

    private static string? TryLoad(string path)
    {
        try
        {
            NativeLibrary.Load(path);
            return null;
        }
        catch (DllNotFoundException e)
        {
            return e.Message;
        }
    }

    private static string Explain(string wrapper, string error) =>
        $"TorchSharp's native wrapper {wrapper} cannot be loaded:\n  {error}\n" +
        (error.Contains("GLIBCXX", StringComparison.Ordinal) || error.Contains("CXXABI", StringComparison.Ordinal)
            ? NewerLibStdCxxHint
            : "Check that the libtorch-cpu-linux-x64 package restored completely (delete ~/.nuget/packages/libtorch-cpu-linux-x64 and run `dotnet restore`).");

    private const string NewerLibStdCxxHint =
        "Install a libstdc++ from GCC 13 or newer and put it on the loader path, for example\n" +
        "  conda install -c conda-forge 'libstdcxx-ng>=13' && export LD_LIBRARY_PATH=$CONDA_PREFIX/lib\n" +
        "or run on a distribution that ships it (Debian 13, Ubuntu 24.04 or later).";

    // glibc's message: "libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /path/libLibTorchSharp.so)"
    [GeneratedRegex(@"(?<lib>[^\s:/]+): version `(?<ver>[^']+)' not found \(required by (?<by>[^)]+)\)")]
    private static partial Regex MissingVersionPattern();
}
