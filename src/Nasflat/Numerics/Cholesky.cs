namespace Nasflat.Numerics;

/// <summary>Small dense symmetric positive-definite systems (a few dozen unknowns), solved by Cholesky factorisation.</summary>
public static class Cholesky
{
    /// <summary>The lower factor L with L·Lᵀ = A; pivots are floored at 1e-12 so a nearly singular A stays solvable.</summary>
    public static double[,] Factor(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = a[i, j];
                for (int p = 0; p < j; p++) sum -= l[i, p] * l[j, p];
                l[i, j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-12)) : sum / l[j, j];
            }
        return l;
    }

    /// <summary>z with L·z = b.</summary>
    public static double[] ForwardSubstitute(double[,] l, IReadOnlyList<double> b)
    {
        int n = b.Count;
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int p = 0; p < i; p++) sum -= l[i, p] * z[p];
            z[i] = sum / l[i, i];
        }
        return z;
    }

    /// <summary>x with L·Lᵀ·x = b, given the factor L.</summary>
    public static double[] Solve(double[,] l, IReadOnlyList<double> b)
    {
        var z = ForwardSubstitute(l, b);
        int n = z.Length;
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = z[i];
            for (int p = i + 1; p < n; p++) sum -= l[p, i] * x[p];
            x[i] = sum / l[i, i];
        }
        return x;
    }
}
