using System.Collections.Immutable;
using Nasflat.Spaces;

namespace Nasflat.Tasks;

/// <summary>
/// The 12 tasks of the NASFLAT paper with their exact device lists (the authors' <c>device_task_list.py</c>; ND/FD is
/// HELP's default split, NA/FA hand-made GPU-heavy splits, N1–N4/F1–F4 the automatically partitioned hard tasks).
/// </summary>
public static class PaperTasks
{
    public static ImmutableArray<LatencyTask> All { get; } =
    [
        Nb201("ND",
            ["1080ti_1", "1080ti_32", "1080ti_256", "silver_4114", "silver_4210r", "samsung_a50", "pixel3", "essential_ph_1", "samsung_s7"],
            ["titan_rtx_256", "gold_6226", "fpga", "pixel2", "raspi4", "eyeriss"]),
        Nb201("NA",
            ["titan_rtx_1", "titan_rtx_32", "titanxp_1", "2080ti_1", "titanx_1", "1080ti_1", "titanx_32", "titanxp_32", "2080ti_32",
             "1080ti_32", "gold_6226", "samsung_s7", "silver_4114", "gold_6240", "silver_4210r", "samsung_a50", "pixel2"],
            ["eyeriss", "desktop_gpu_gtx_1080ti_fp32", "embedded_tpu_edge_tpu_int8"]),
        Nb201("N1",
            ["embedded_tpu_edge_tpu_int8", "eyeriss", "mobile_gpu_snapdragon_675_adreno_612_int8", "mobile_gpu_snapdragon_855_adreno_640_int8", "pixel3"],
            ["1080ti_1", "titan_rtx_32", "titanxp_1", "2080ti_32", "titan_rtx_1"]),
        Nb201("N2",
            ["1080ti_1", "1080ti_32", "titanx_32", "titanxp_1", "titanxp_32"],
            ["embedded_gpu_jetson_nano_fp16", "embedded_tpu_edge_tpu_int8", "mobile_dsp_snapdragon_675_hexagon_685_int8",
             "mobile_dsp_snapdragon_855_hexagon_690_int8", "pixel3"]),
        Nb201("N3",
            ["desktop_gpu_gtx_1080ti_fp32", "embedded_gpu_jetson_nano_fp16", "eyeriss", "mobile_dsp_snapdragon_675_hexagon_685_int8",
             "mobile_gpu_snapdragon_855_adreno_640_int8"],
            ["1080ti_1", "2080ti_1", "titanxp_1", "2080ti_32", "titanxp_32"]),
        Nb201("N4",
            ["desktop_cpu_core_i7_7820x_fp32", "embedded_gpu_jetson_nano_fp32", "embedded_tpu_edge_tpu_int8", "eyeriss",
             "mobile_cpu_snapdragon_855_kryo_485_int8", "mobile_dsp_snapdragon_675_hexagon_685_int8", "mobile_dsp_snapdragon_855_hexagon_690_int8",
             "mobile_gpu_snapdragon_675_adreno_612_int8", "mobile_gpu_snapdragon_855_adreno_640_int8", "pixel2"],
            ["1080ti_1", "2080ti_1", "titan_rtx_1"]),
        Fbnet("FD",
            ["1080ti_1", "1080ti_32", "1080ti_64", "silver_4114", "silver_4210r", "samsung_a50", "pixel3", "essential_ph_1", "samsung_s7"],
            ["fpga", "raspi4", "eyeriss"]),
        Fbnet("FA",
            ["1080ti_1", "1080ti_32", "1080ti_64", "2080ti_1", "2080ti_32", "2080ti_64", "titan_rtx_1", "titan_rtx_32", "titan_rtx_64",
             "titanx_1", "titanx_32", "titanx_64", "titanxp_1", "titanxp_32", "titanxp_64"],
            ["gold_6226", "essential_ph_1", "samsung_s7", "pixel2"]),
        Fbnet("F1",
            ["2080ti_1", "essential_ph_1", "silver_4114", "titan_rtx_1", "titan_rtx_32"],
            ["eyeriss", "fpga", "raspi4", "samsung_a50", "samsung_s7"]),
        Fbnet("F2",
            ["essential_ph_1", "gold_6226", "gold_6240", "pixel3", "raspi4"],
            ["1080ti_1", "1080ti_32", "2080ti_32", "titan_rtx_1", "titanxp_1"]),
        Fbnet("F3",
            ["essential_ph_1", "pixel2", "pixel3", "raspi4", "samsung_s7"],
            ["1080ti_1", "1080ti_32", "2080ti_1", "titan_rtx_1", "titan_rtx_32"]),
        Fbnet("F4",
            ["1080ti_64", "2080ti_1", "eyeriss", "gold_6226", "gold_6240", "raspi4", "samsung_s7", "silver_4210r", "titan_rtx_1", "titan_rtx_32"],
            ["1080ti_1", "pixel2", "essential_ph_1"]),
    ];

    private static LatencyTask Nb201(string name, string[] train, string[] test) => new(SearchSpaceKind.Nb201, name, [.. train], [.. test]);
    private static LatencyTask Fbnet(string name, string[] train, string[] test) => new(SearchSpaceKind.Fbnet, name, [.. train], [.. test]);
}
