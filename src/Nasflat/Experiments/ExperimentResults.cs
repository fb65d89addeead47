using Nasflat.Evaluation;

namespace Nasflat.Experiments;

/// <summary>
/// One fine-tuning run: a target device, a k, a trial; metrics averaged over the last evaluation epochs, computed
/// over <paramref name="EvaluatedArchitectures"/> architectures (those measured on the device).
/// </summary>
/// <param name="Prior">With a structural prior blended in: its weight and each side's ρ alone.</param>
/// <param name="Milliseconds">
/// The scores calibrated to milliseconds on the k samples (<see cref="Priors.CalibrationMethod.Auto"/>) and compared
/// with the measurements of the other evaluated architectures; null where the samples are not among them.
/// </param>
/// <param name="MillisecondsIsotonic">The same with the plain isotonic calibration, for comparison.</param>
public sealed record TrialResult(
    string Task, string Device, int K, int Trial, TransferMetrics Metrics, string? InitializedFrom, int EvaluatedArchitectures, double Seconds,
    PriorOutcome? Prior = null, CalibratedAccuracy? Milliseconds = null, CalibratedAccuracy? MillisecondsIsotonic = null, PartnerCheck? Partner = null);

/// <summary>
/// How a blended structural prior fared: its weight, the evidence behind it (the prior's leave-one-out ρ and the
/// predictor's cross-validated ρ on the samples), the ρ of each side alone over the evaluated architectures, and which
/// prior was blended (with <c>--prior choose</c> it differs from target to target; null in results saved before it was
/// recorded, so a resumed old run does not claim a prior it cannot know).
/// </summary>
public sealed record PriorOutcome(double Weight, double LeaveOneOutRho, double PredictorCrossValidatedRho, double PredictorOnlySpearman, double PriorOnlySpearman,
    Priors.PriorSource? Source = null);

/// <summary>A partner method's cross-validated ρ on the samples against the predictor's, and whether its ranking was averaged in.</summary>
public sealed record PartnerCheck(string Partner, double PartnerCrossValidatedRho, double PredictorCrossValidatedRho, bool AveragedIn);

/// <summary>Mean and population standard deviation over trials.</summary>
public readonly record struct MeanStd(double Mean, double Std)
{
    public static MeanStd Of(IReadOnlyCollection<double> values)
    {
        double mean = values.Average();
        return new MeanStd(mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count));
    }

    public override string ToString() => $"{Mean:0.000} ± {Std:0.000}";
}

/// <summary>One target device at one k, summarised over trials.</summary>
public sealed record DeviceResult(string Device, int K, MeanStd Spearman, MeanStd SpearmanExcludingSamples, MeanStd KendallTau, MeanStd PrecisionAtTop10);

/// <summary>
/// A task's results: per device and k, and the task score as the paper reports it (mean over devices of the
/// per-device means; the "±" is the mean over devices of the per-device std).
/// </summary>
public sealed record TaskResult(string Task, IReadOnlyList<TrialResult> Trials, double PretrainSeconds, double TotalSeconds)
{
    public IReadOnlyList<DeviceResult> Devices => Trials
        .GroupBy(t => (t.Device, t.K))
        .Select(g => new DeviceResult(g.Key.Device, g.Key.K,
            MeanStd.Of(g.Select(t => t.Metrics.Spearman).ToList()),
            MeanStd.Of(g.Select(t => t.Metrics.SpearmanExcludingSamples).ToList()),
            MeanStd.Of(g.Select(t => t.Metrics.KendallTau).ToList()),
            MeanStd.Of(g.Select(t => t.Metrics.PrecisionAtTop10).ToList())))
        .ToList();

    public IReadOnlyList<int> Ks => Trials.Select(t => t.K).Distinct().Order().ToList();

    public MeanStd Score(int k, Func<DeviceResult, MeanStd> metric)
    {
        var devices = Devices.Where(d => d.K == k).Select(metric).ToList();
        return new MeanStd(devices.Average(m => m.Mean), devices.Average(m => m.Std));
    }

    public MeanStd Spearman(int k) => Score(k, d => d.Spearman);
}
