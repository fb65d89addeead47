using System.Globalization;

namespace Nasflat.Sweeps;

/// <summary>One share of a run split into <see cref="Count"/> shards, numbered from 1 (<c>--shard 2/3</c>), as SLURM array tasks are.</summary>
public readonly record struct Shard(int Number, int Count)
{
    public override string ToString() => $"{Number}/{Count}";

    /// <summary>Reads "i/n"; anything else is an error that says what a shard looks like.</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            throw new NasflatException($"--shard '{text}' is not a shard; write i/n, e.g. --shard 2/3 for the second of three shards.");
        if (count < 1 || number < 1 || number > count)
            throw new NasflatException($"--shard {text}: shards are numbered 1 to n (n ≥ 1); e.g. --shard 1/{Math.Max(1, count)}.");
        return new Shard(number, count);
    }
}
