using Nasflat.Spaces;

namespace Nasflat.Data;

/// <summary>Who measured a device's latencies.</summary>
public enum DeviceSource
{
    /// <summary>HELP's latency files (Lee et al., NeurIPS 2021); four columns are HW-NAS-Bench values.</summary>
    Help,
    /// <summary>BRP-NAS's LatBench (Eagle) measurements.</summary>
    LatBench,
    /// <summary>HW-NAS-Bench devices that HELP does not include.</summary>
    HwNasBench,
    /// <summary>Measured by a Nasflat user.</summary>
    User,
}

/// <summary>
/// A device of one search space: its name (the paper's device names), where its data comes from, the unit of the
/// source file (values are always held in milliseconds), and how many architectures were measured.
/// </summary>
/// <param name="InPaperPool">True for the devices the NASFLAT paper draws its tasks from (40 NB201, 27 FBNet).</param>
public sealed record DeviceInfo(
    string Name,
    SearchSpaceKind Space,
    DeviceSource Source,
    string SourceFile,
    string SourceUnit,
    int MeasuredCount,
    int ArchitectureCount,
    bool InPaperPool)
{
    public int MissingCount => ArchitectureCount - MeasuredCount;
}
