using Nasflat.Spaces;

namespace Nasflat.Measurement;

/// <summary>
/// How latencies are measured on this machine. Defaults follow the usual protocol (batch 1, one thread, warm-up,
/// repeated timed calls, the median) with repeated interleaved passes as a guard against drift.
/// </summary>
public sealed record MeasurementOptions
{
    public SearchSpaceKind Space { get; init; } = SearchSpaceKind.Nb201;
    public int Batch { get; init; } = 1;
    public int Threads { get; init; } = 1;

    /// <summary>Input resolution; null for the space's dataset default (NB201 CIFAR 32, FBNet CIFAR-100 32).</summary>
    public int? Resolution { get; init; }

    /// <summary>Untimed forward passes before each architecture's timed calls in every pass.</summary>
    public int Warmup { get; init; } = 5;

    /// <summary>Timed forward passes per architecture per pass; their median is the pass's value.</summary>
    public int Repetitions { get; init; } = 20;

    /// <summary>Passes over all architectures, each in a new shuffled order.</summary>
    public int Passes { get; init; } = 3;

    /// <summary>Extra passes allowed for architectures whose pass medians disagree.</summary>
    public int MaxPasses { get; init; } = 6;

    /// <summary>Pass medians agree when (max − min) / median ≤ this.</summary>
    public double Tolerance { get; init; } = 0.05;

    public int Seed { get; init; } = 1;

    public void Validate()
    {
        if (Batch < 1 || Threads < 1) throw new NasflatException("Batch size and threads must be at least 1.");
        if (Warmup < 0 || Repetitions < 1) throw new NasflatException("Use at least one timed repetition (and no negative warm-up).");
        if (Passes < 1 || MaxPasses < Passes) throw new NasflatException("Passes must be at least 1 and at most --max-passes.");
        if (Tolerance <= 0) throw new NasflatException("The tolerance must be positive.");
        if (Resolution is < 8) throw new NasflatException("The input resolution must be at least 8.");
    }
}
