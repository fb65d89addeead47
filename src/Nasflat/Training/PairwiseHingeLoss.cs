using Nasflat.Models;
using TorchSharp;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Training;

/// <summary>
/// NASFLAT's ranking loss: over pairs (i, j) with different targets, <c>mean(max(0, margin − t·(s_i − s_j)))</c>
/// where t = sign(y_i − y_j). At most <c>pairsPerSample · n</c> pairs are drawn uniformly without replacement.
/// </summary>
public static class PairwiseHingeLoss
{
    public readonly record struct Pairs(long[] First, long[] Second, float[] Sign)
    {
        public int Count => First.Length;
    }

    public static Pairs Sample(ReadOnlySpan<float> targets, int pairsPerSample, Random random)
    {
        var candidates = new List<(int, int)>();
        for (int i = 0; i < targets.Length; i++)
            for (int j = i + 1; j < targets.Length; j++)
                if (targets[i] != targets[j]) candidates.Add((i, j));
        int limit = pairsPerSample * targets.Length;
        if (candidates.Count > limit)
        {
            for (int p = 0; p < limit; p++)
            {
                int q = random.Next(p, candidates.Count);
                (candidates[p], candidates[q]) = (candidates[q], candidates[p]);
            }
            candidates.RemoveRange(limit, candidates.Count - limit);
        }
        var first = new long[candidates.Count];
        var second = new long[candidates.Count];
        var sign = new float[candidates.Count];
        for (int p = 0; p < candidates.Count; p++)
        {
            var (i, j) = candidates[p];
            first[p] = i;
            second[p] = j;
            sign[p] = targets[i] > targets[j] ? 1f : -1f;
        }
        return new Pairs(first, second, sign);
    }

    public static Tensor Loss(Tensor firstScores, Tensor secondScores, float[] sign, double margin)
    {
        using var scope = NewDisposeScope();
        using var marginScalar = margin.ToScalar(); // scoped, not temporary: see GraphAttentionLayer
        var t = torch.tensor(sign);
        return nn.functional.relu((t * firstScores.sub(secondScores)).neg().Plus(marginScalar)).mean().MoveToOuterDisposeScope();
    }
}
