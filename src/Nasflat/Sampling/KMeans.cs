using System.Numerics;
using Nasflat.Encodings;

namespace Nasflat.Sampling;

/// <summary>
/// Lloyd's k-means with k-means++ seeding and several restarts (scikit-learn's defaults: 10 restarts, at most 300
/// iterations, stop when centres move less than 1e-4 of the data variance). Deterministic for a given Random.
/// </summary>
public static class KMeans
{
    public sealed record Result(int[] Assignment, float[][] Centroids, double Inertia);

    public static Result Fit(FeatureMatrix features, IReadOnlyList<int> rows, int k, Random random, int restarts = 10, int maxIterations = 300)
    {
        if (k < 1 || k > rows.Count) throw new ArgumentOutOfRangeException(nameof(k), $"k must be in 1..{rows.Count}.");
        var points = rows.Select(r => features.Row(r).ToArray()).ToArray();
        double tolerance = 1e-4 * MeanVariance(points);
        Result? best = null;
        for (int restart = 0; restart < restarts; restart++)
        {
            var result = Lloyd(points, k, random, maxIterations, tolerance);
            if (best is null || result.Inertia < best.Inertia) best = result;
        }
        return best!;
    }

    private static Result Lloyd(float[][] points, int k, Random random, int maxIterations, double tolerance)
    {
        var centroids = PlusPlus(points, k, random);
        var assignment = new int[points.Length];
        int d = points[0].Length;
        double inertia = 0;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            inertia = Assign(points, centroids, assignment);
            var sums = new double[k, d];
            var counts = new int[k];
            for (int i = 0; i < points.Length; i++)
            {
                counts[assignment[i]]++;
                for (int j = 0; j < d; j++) sums[assignment[i], j] += points[i][j];
            }
            double shift = 0;
            for (int c = 0; c < k; c++)
            {
                if (counts[c] == 0) continue; // an empty cluster keeps its centre
                for (int j = 0; j < d; j++)
                {
                    float updated = (float)(sums[c, j] / counts[c]);
                    shift += (updated - centroids[c][j]) * (double)(updated - centroids[c][j]);
                    centroids[c][j] = updated;
                }
            }
            if (shift <= tolerance) break;
        }
        inertia = Assign(points, centroids, assignment);
        return new Result(assignment, centroids, inertia);
    }

    private static float[][] PlusPlus(float[][] points, int k, Random random)
    {
        var centroids = new float[k][];
        centroids[0] = (float[])points[random.Next(points.Length)].Clone();
        var nearest = points.Select(p => SquaredDistance(p, centroids[0])).ToArray();
        for (int c = 1; c < k; c++)
        {
            double total = nearest.Sum();
            int chosen;
            if (total <= 0) chosen = random.Next(points.Length);
            else
            {
                double target = random.NextDouble() * total, running = 0;
                chosen = points.Length - 1;
                for (int i = 0; i < points.Length; i++)
                {
                    running += nearest[i];
                    if (running >= target) { chosen = i; break; }
                }
            }
            centroids[c] = (float[])points[chosen].Clone();
            for (int i = 0; i < points.Length; i++) nearest[i] = Math.Min(nearest[i], SquaredDistance(points[i], centroids[c]));
        }
        return centroids;
    }

    private static double Assign(float[][] points, float[][] centroids, int[] assignment)
    {
        double inertia = 0;
        for (int i = 0; i < points.Length; i++)
        {
            double best = double.MaxValue;
            for (int c = 0; c < centroids.Length; c++)
            {
                double distance = SquaredDistance(points[i], centroids[c]);
                if (distance < best) { best = distance; assignment[i] = c; }
            }
            inertia += best;
        }
        return inertia;
    }

    internal static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        var sum = Vector<float>.Zero;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var diff = new Vector<float>(a[i..]) - new Vector<float>(b[i..]);
            sum += diff * diff;
        }
        double total = Vector.Sum(sum);
        for (; i < a.Length; i++) total += (a[i] - b[i]) * (double)(a[i] - b[i]);
        return total;
    }

    private static double MeanVariance(float[][] points)
    {
        int d = points[0].Length;
        double total = 0;
        for (int j = 0; j < d; j++)
        {
            double mean = points.Average(p => p[j]);
            total += points.Average(p => (p[j] - mean) * (p[j] - mean));
        }
        return total / d;
    }
}
