using System.Runtime.CompilerServices;

namespace Nasflat.Tests;

/// <summary>
/// Makes libtorch loadable before any test touches <c>TorchSharp.torch</c>: on a fresh build its first use fails
/// for the whole process otherwise, and test order would decide which tests see that.
/// </summary>
internal static class TorchSetup
{
    [ModuleInitializer]
    internal static void EnsureTorchLoads() => Nasflat.Native.TorchRuntime.EnsureLoaded();
}
