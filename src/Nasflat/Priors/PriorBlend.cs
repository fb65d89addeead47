using System.Globalization;

namespace Nasflat.Priors;

/// <summary>What the transferred predictor is blended with.</summary>
public enum PriorSource
{
    /// <summary>The structural ridge on operation counts, FLOPs and parameters (<see cref="StructuralRidge"/>).</summary>
    Ridge,
    /// <summary>The target as a non-negative mixture of the source devices (<see cref="DeviceMixture"/>).</summary>
    Mixture,
    /// <summary>
    /// Both fitted on the samples; the one with the higher held-out ρ on them (the ridge's leave-one-out ρ, the
    /// mixture's cross-validated ρ) is blended, the ridge on a tie. Five or ten samples pick wrongly too often; twenty
    /// can, on NB201 (ADR 0008, <see cref="Experiments.ExperimentOptions.ChoosePriorFrom"/>).
    /// </summary>
    Choose,
}

/// <summary>
/// How the transferred predictor's ranking is mixed with a prior fitted on the k samples (the structural ridge or the
/// device mixture): not at all (the paper), with a fixed weight, or with a weight read from the k samples.
/// </summary>
public sealed record PriorBlend
{
    public static PriorBlend None { get; } = new();
    public static PriorBlend Auto { get; } = new() { IsAuto = true };
    public static PriorBlend Mixture { get; } = new() { IsAuto = true, Source = PriorSource.Mixture };
    public static PriorBlend Choose { get; } = new() { IsAuto = true, Source = PriorSource.Choose };

    public PriorSource Source { get; private init; }

    public bool IsAuto { get; private init; }
    public double FixedWeight { get; private init; }

    public bool IsNone => !IsAuto && FixedWeight == 0;

    public static PriorBlend Parse(string text)
    {
        string trimmed = text.Trim().ToLowerInvariant();
        if (trimmed is "none" or "off" or "0") return None;
        if (trimmed == "auto") return Auto;
        if (trimmed == "mixture") return Mixture;
        if (trimmed == "choose") return Choose;
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double weight) && weight is > 0 and <= 1)
            return new PriorBlend { FixedWeight = weight };
        throw new NasflatException($"Prior blend '{text}' is not 'none', 'auto' (the structural ridge), 'mixture' (the device mixture), 'choose' (whichever of the two explains the samples better) or a weight in (0, 1] such as 0.5.");
    }

    /// <summary>
    /// The prior's weight. <c>auto</c> weighs each side by the inverse of its rank error on samples it did not see:
    /// 1 − ρ is proportional to the mean squared rank difference, so 1/(1 − ρ) is an inverse-variance weight. The
    /// prior's ρ is its leave-one-out ρ, the predictor's its cross-validated ρ on the k samples.
    /// </summary>
    public double Weight(double priorRho, double predictorRho)
    {
        if (!IsAuto) return FixedWeight;
        static double Confidence(double rho) => 1 / (1 - Math.Clamp(double.IsFinite(rho) ? rho : 0, 0, 0.99));
        double prior = Confidence(priorRho), predictor = Confidence(predictorRho);
        return prior / (prior + predictor);
    }
}
