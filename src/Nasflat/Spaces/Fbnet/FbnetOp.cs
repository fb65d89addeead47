namespace Nasflat.Spaces.Fbnet;

/// <summary>The nine FBNet block choices, numbered as in HW-NAS-Bench, HELP and NASFLAT.</summary>
public enum FbnetOp
{
    K3E1 = 0,
    K3E1G2 = 1,
    K3E3 = 2,
    K3E6 = 3,
    K5E1 = 4,
    K5E1G2 = 5,
    K5E3 = 6,
    K5E6 = 7,
    Skip = 8,
}

/// <summary>Kernel size, expansion ratio and 1×1 group count of an FBNet block (a skip has none of them).</summary>
public readonly record struct FbnetBlockShape(int Kernel, int Expansion, int Groups);

public static class FbnetOps
{
    public const int Count = 9;
    private static readonly string[] Names = ["k3_e1", "k3_e1_g2", "k3_e3", "k3_e6", "k5_e1", "k5_e1_g2", "k5_e3", "k5_e6", "skip"];

    public static IReadOnlyList<string> All => Names;

    public static string Name(this FbnetOp op) => Names[(int)op];

    public static bool TryParse(string name, out FbnetOp op)
    {
        int index = Array.IndexOf(Names, name);
        op = (FbnetOp)Math.Max(index, 0);
        return index >= 0;
    }

    public static FbnetBlockShape? Shape(this FbnetOp op) => op switch
    {
        FbnetOp.K3E1 => new(3, 1, 1),
        FbnetOp.K3E1G2 => new(3, 1, 2),
        FbnetOp.K3E3 => new(3, 3, 1),
        FbnetOp.K3E6 => new(3, 6, 1),
        FbnetOp.K5E1 => new(5, 1, 1),
        FbnetOp.K5E1G2 => new(5, 1, 2),
        FbnetOp.K5E3 => new(5, 3, 1),
        FbnetOp.K5E6 => new(5, 6, 1),
        FbnetOp.Skip => null,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
