namespace Nasflat.Evaluation;

/// <summary>
/// How close calibrated milliseconds come to the measured ones on the architectures that were not measured for the
/// calibration: mean absolute percentage error and the share within ±10 % (nn-Meter's and LitePred's headline metric).
/// </summary>
public sealed record CalibratedAccuracy(double Mape, double Within10)
{
    public static CalibratedAccuracy Compute(IReadOnlyList<double> predictedMs, IReadOnlyList<double> measuredMs)
    {
        if (predictedMs.Count != measuredMs.Count || predictedMs.Count == 0)
            throw new ArgumentException("One prediction per measurement, at least one, is needed.", nameof(predictedMs));
        double mape = 0;
        int within = 0;
        for (int i = 0; i < predictedMs.Count; i++)
        {
            double relative = Math.Abs(predictedMs[i] - measuredMs[i]) / measuredMs[i];
            mape += relative;
            if (relative <= 0.10) within++;
        }
        return new CalibratedAccuracy(mape / predictedMs.Count, within / (double)predictedMs.Count);
    }

    public static CalibratedAccuracy Mean(IReadOnlyCollection<CalibratedAccuracy> values) =>
        new(values.Average(v => v.Mape), values.Average(v => v.Within10));
}
