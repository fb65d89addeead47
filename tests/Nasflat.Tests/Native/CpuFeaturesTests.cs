using Nasflat.Native;

namespace Nasflat.Tests.Native;

public class CpuFeaturesTests
{
    private const string Epyc = "flags\t\t: fpu vme sse4_2 avx avx2 fma bmi2";
    private const string SapphireRapids = "flags\t\t: fpu sse4_2 avx avx2 avx512f avx512bw avx512_bf16 amx_bf16 amx_tile";
    private const string Zen4 = "flags\t\t: fpu avx avx2 avx512f avx512bw avx512_bf16";

    private static CpuFeatures Read(string flags, params (string Name, string Value)[] environment) =>
        CpuFeatures.Read(["processor\t: 0", "model name\t: Test CPU", flags], name => environment.FirstOrDefault(e => e.Name == name).Value);

    [Fact]
    public void ReadsTheFlagsThatDecideTheFastPath()
    {
        var avx2 = Read(Epyc);
        Assert.Equal(("Test CPU", true, false, false, false, null), (avx2.Model, avx2.Avx2, avx2.Avx512, avx2.Avx512BFloat16, avx2.AmxBFloat16, avx2.Limit));
        Assert.False(avx2.FastBFloat16);
        Assert.Equal("AVX2", avx2.Summary);

        var server = Read(SapphireRapids);
        Assert.True(server.FastBFloat16);
        Assert.Equal("AVX2, AVX-512, AVX-512 BF16, AMX-BF16", server.Summary);
        Assert.True(Read(Zen4).FastBFloat16);
    }

    [Fact]
    public void LibtorchLimitsTurnABFloat16CpuIntoAnAvx2One()
    {
        // The switches CI uses to test the path of AVX2-only CPUs on any machine.
        var limited = Read(SapphireRapids, ("ATEN_CPU_CAPABILITY", "avx2"), ("ONEDNN_MAX_CPU_ISA", "AVX2"));
        Assert.False(limited.FastBFloat16);
        Assert.False(limited.Avx512);
        Assert.True(limited.Avx2);
        Assert.Equal("AVX2 (limited by ATEN_CPU_CAPABILITY=avx2, ONEDNN_MAX_CPU_ISA=AVX2)", limited.Summary);

        Assert.False(Read(Zen4, ("ONEDNN_MAX_CPU_ISA", "AVX512_CORE")).FastBFloat16);
        Assert.True(Read(Zen4, ("ONEDNN_MAX_CPU_ISA", "AVX512_CORE_BF16")).FastBFloat16);
        Assert.True(Read(SapphireRapids, ("DNNL_MAX_CPU_ISA", "AVX512_CORE_AMX")).AmxBFloat16);
    }

    [Fact]
    public void NoCpuInfoMeansNoFastPath()
    {
        var unknown = CpuFeatures.Read([], _ => null);
        Assert.Equal("unknown", unknown.Model);
        Assert.False(unknown.FastBFloat16);
        Assert.Equal("no AVX2", unknown.Summary);
    }

    [Fact]
    public void PrecisionIsBFloat16OnlyWhereTheHardwareHasItUnlessForced()
    {
        var avx2 = Read(Epyc);
        var server = Read(SapphireRapids);
        Assert.False(PrecisionChoice.Resolve(null, avx2).BFloat16);
        Assert.True(PrecisionChoice.Resolve("auto", server).BFloat16);
        Assert.Equal("float32 (NASFLAT_PRECISION=float32)", PrecisionChoice.Resolve("Float32", server).Reason);
        Assert.False(PrecisionChoice.Resolve("float32", server).BFloat16);
        var emulated = PrecisionChoice.Resolve("bfloat16", avx2);
        Assert.True(emulated.BFloat16);
        Assert.Contains("emulated", emulated.Reason);

        var error = Assert.Throws<NasflatException>(() => PrecisionChoice.Resolve("fp16", server));
        Assert.Contains("NASFLAT_PRECISION is 'fp16'", error.Message);
        Assert.Contains("float32", error.Message);
    }
}
