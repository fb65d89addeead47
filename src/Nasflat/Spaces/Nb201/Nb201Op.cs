namespace Nasflat.Spaces.Nb201;

/// <summary>The five NAS-Bench-201 edge operations, numbered as in NAS-Bench-201, HW-NAS-Bench and LatBench.</summary>
public enum Nb201Op
{
    None = 0,
    SkipConnect = 1,
    NorConv1x1 = 2,
    NorConv3x3 = 3,
    AvgPool3x3 = 4,
}

public static class Nb201OpNames
{
    private static readonly string[] Names = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"];

    public static IReadOnlyList<string> All => Names;

    public static string Name(this Nb201Op op) => Names[(int)op];

    public static bool TryParse(string name, out Nb201Op op)
    {
        int index = Array.IndexOf(Names, name);
        op = (Nb201Op)Math.Max(index, 0);
        return index >= 0;
    }
}
