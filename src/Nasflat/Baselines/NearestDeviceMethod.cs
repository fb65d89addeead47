using Nasflat.Experiments;
using Nasflat.Tasks;

using Nasflat.Methods;

namespace Nasflat.Baselines;

/// <summary>
/// "Nearest known device": predicts the target's latencies with those of the source device whose latencies agree best
/// with the target on the k samples. No model at all; a learned predictor should beat it.
/// </summary>
public sealed class NearestDeviceMethod : SingleScoreMethod
{
    public override string Name => "nearest";

    protected override float[] Score(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random)
    {
        var latency = context.Data.Latency;
        var ranked = SourceRanking.ByCorrelation(latency, context.Sources, target, sample);
        int source = ranked.Count > 0 ? ranked[0].Source : context.Sources[0];
        var column = latency.Column(source);
        // LatBench sources miss a few cells; those get the source's median, i.e. no opinion on their rank.
        double median = Evaluation.Statistics.Median(architectures.Select(a => column[a]).Where(v => !double.IsNaN(v)));
        if (double.IsNaN(median)) median = 0;
        return architectures.Select(a => (float)(double.IsNaN(column[a]) ? median : column[a])).ToArray();
    }
}
