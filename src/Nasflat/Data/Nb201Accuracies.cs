using System.Collections.Immutable;
using Nasflat.Spaces.Nb201;

namespace Nasflat.Data;

/// <summary>NB201 accuracies (%) per architecture index.</summary>
/// <param name="Test">NATS-Bench test accuracy after 200 epochs (mean over seeds).</param>
/// <param name="NaslibValidation">NASLib's <c>val_accuracy</c>, what NASFLAT uses as "valacc" (CIFAR-10 = cifar10-valid).</param>
public sealed record Nb201Accuracies(
    ImmutableDictionary<Nb201Dataset, ImmutableArray<double>> Test,
    ImmutableDictionary<Nb201Dataset, ImmutableArray<double>> NaslibValidation)
{
    public double TestAccuracy(int index, Nb201Dataset dataset) => Test[dataset][index];
}

/// <summary>One of the 500 NB201 cells that HELP's latency-constrained NAS evaluates, in MetaD2A's order.</summary>
public sealed record MetaD2ACandidate(int Rank, int Index, double AccuracyCifar100, double Score);
