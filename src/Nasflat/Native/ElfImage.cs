using System.Buffers.Binary;
using System.Text;

namespace Nasflat.Native;

/// <summary>
/// A minimal reader for the dynamic-linking tables of a little-endian ELF64 shared library: just enough to
/// inspect and edit symbol-version requirements. It works on an in-memory copy so edits can be written atomically.
/// </summary>
internal sealed class ElfImage
{
    private const uint SectionDynSym = 11;
    private const uint SectionRela = 4;
    private const uint SectionGnuVerNeed = 0x6ffffffe;
    private const uint SectionGnuVerSym = 0x6fffffff;

    public byte[] Bytes { get; }

    private readonly List<Section> _sections = [];

    private ElfImage(byte[] bytes)
    {
        Bytes = bytes;
        ReadSectionHeaders();
    }

    public static ElfImage Parse(byte[] bytes, string path)
    {
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new NativeLoadException($"{path} is not an ELF file.");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new NativeLoadException($"{path} is not a little-endian 64-bit ELF file; the compatibility fix only handles x86-64/arm64 Linux libraries.");
        return new ElfImage(bytes);
    }

    /// <summary>One required symbol version (an ELF "Vernaux" entry) of a needed library.</summary>
    public sealed record VersionNeed(string Library, string Version, ushort Index, int FlagsOffset, ushort Flags)
    {
        public const ushort WeakFlag = 0x2;
        public bool IsWeak => (Flags & WeakFlag) != 0;
    }

    /// <summary>A dynamic symbol with the offset of its entry in the symbol-version table.</summary>
    public sealed record DynamicSymbol(int Index, string Name, ushort VersionIndex, int VersionOffset);

    public IReadOnlyList<VersionNeed> VersionNeeds()
    {
        var result = new List<VersionNeed>();
        var verneed = FindSection(SectionGnuVerNeed);
        if (verneed is null) return result;
        var strings = _sections[(int)verneed.Link];
        long entry = verneed.Offset;
        while (true)
        {
            ushort count = U16(entry + 2);
            string file = ReadString(strings, U32(entry + 4));
            long aux = entry + U32(entry + 8);
            for (int i = 0; i < count; i++)
            {
                ushort flags = U16(aux + 4);
                ushort other = U16(aux + 6);
                result.Add(new VersionNeed(file, ReadString(strings, U32(aux + 8)), other, checked((int)(aux + 4)), flags));
                uint nextAux = U32(aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = U32(entry + 12);
            if (next == 0) break;
            entry += next;
        }
        return result;
    }

    public IReadOnlyList<DynamicSymbol> DynamicSymbols()
    {
        var dynsym = FindSection(SectionDynSym) ?? throw new NativeLoadException("The library has no dynamic symbol table.");
        var versym = FindSection(SectionGnuVerSym);
        var strings = _sections[(int)dynsym.Link];
        int count = checked((int)(dynsym.Size / 24));
        var result = new List<DynamicSymbol>(count);
        for (int i = 0; i < count; i++)
        {
            long at = dynsym.Offset + 24L * i;
            int versionOffset = versym is null ? -1 : checked((int)(versym.Offset + 2L * i));
            ushort version = versionOffset < 0 ? (ushort)1 : U16(versionOffset);
            result.Add(new DynamicSymbol(i, ReadString(strings, U32(at)), version, versionOffset));
        }
        return result;
    }

    /// <summary>Indices of dynamic symbols that some relocation refers to, i.e. symbols the loader must resolve.</summary>
    public IReadOnlySet<int> RelocatedSymbolIndices()
    {
        var dynsymIndex = _sections.FindIndex(s => s.Type == SectionDynSym);
        var result = new HashSet<int>();
        foreach (var rela in _sections.Where(s => s.Type == SectionRela && s.Link == dynsymIndex))
        {
            for (long at = rela.Offset; at + 24 <= rela.Offset + rela.Size; at += 24)
                result.Add((int)(BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan((int)at + 8, 8)) >> 32));
        }
        return result;
    }

    public void WriteU16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan(offset, 2), value);

    private sealed record Section(uint Type, long Offset, long Size, uint Link);

    private void ReadSectionHeaders()
    {
        long shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(0x28, 8));
        ushort entsize = U16(0x3A);
        ushort count = U16(0x3C);
        for (int i = 0; i < count; i++)
        {
            long at = shoff + (long)entsize * i;
            _sections.Add(new Section(
                Type: U32(at + 4),
                Offset: (long)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(checked((int)(at + 24)), 8)),
                Size: (long)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan(checked((int)(at + 32)), 8)),
                Link: U32(at + 40)));
        }
    }

    private Section? FindSection(uint type) => _sections.FirstOrDefault(s => s.Type == type);

    private string ReadString(Section strings, uint offset)
    {
        int start = checked((int)(strings.Offset + offset));
        int end = Array.IndexOf(Bytes, (byte)0, start);
        return Encoding.ASCII.GetString(Bytes, start, end - start);
    }

    private ushort U16(long offset) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(checked((int)offset), 2));
    private uint U32(long offset) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(checked((int)offset), 4));
}
