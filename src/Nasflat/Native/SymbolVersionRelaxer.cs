using Nasflat.IO;

namespace Nasflat.Native;

/// <summary>
/// Makes a shared library loadable on a system whose library lacks a symbol version that the file requires only
/// formally. GCC 13 makes every object that includes &lt;iostream&gt; reference
/// <c>std::ios_base_library_init()</c>@GLIBCXX_3.4.32 without ever calling it; that lone reference stops TorchSharp's
/// wrapper from loading against GCC 12's libstdc++ (Debian 12, Ubuntu 22.04).
/// </summary>
/// <remarks>
/// The edit is two tiny in-place changes, so the file keeps its size and layout:
/// the requirement is marked weak (glibc then skips it when the version is absent), and the symbols bound to that
/// version become unversioned. The edit is refused when any relocation refers to such a symbol, because then the
/// code really calls into the newer library and relaxing the check would only move the failure to run time.
/// </remarks>
internal static class SymbolVersionRelaxer
{
    public enum Outcome { Relaxed, AlreadyRelaxed }

    public static Outcome Relax(string path, string library, string version)
    {
        var image = ElfImage.Parse(File.ReadAllBytes(path), path);
        var need = image.VersionNeeds().FirstOrDefault(n => n.Library == library && n.Version == version)
            ?? throw new NativeLoadException($"{path} does not require {library} version {version}; nothing to relax.");

        var bound = image.DynamicSymbols().Where(s => (s.VersionIndex & 0x7fff) == need.Index).ToList();
        if (need.IsWeak && bound.Count == 0) return Outcome.AlreadyRelaxed;

        var relocated = image.RelocatedSymbolIndices();
        var used = bound.Where(s => relocated.Contains(s.Index)).Select(s => s.Name).ToList();
        if (used.Count > 0)
            throw new NativeLoadException(
                $"{Path.GetFileName(path)} really uses {library} {version} (symbols: {string.Join(", ", used)}), " +
                "so the compatibility fix cannot apply.");

        image.WriteU16(need.FlagsOffset, (ushort)(need.Flags | ElfImage.VersionNeed.WeakFlag));
        foreach (var symbol in bound) image.WriteU16(symbol.VersionOffset, 1); // 1 = VER_NDX_GLOBAL, unversioned
        AtomicFile.ReplaceKeepingMetadata(path, image.Bytes);
        return Outcome.Relaxed;
    }
}
