using Nasflat.Data;
using Nasflat.Evaluation;
using Nasflat.Spaces.Nb201;

namespace Nasflat.Proxies;

/// <summary>One proxy's agreement with NAS-Bench-Suite-Zero's published scores on the cells both have.</summary>
public sealed record ProxyAgreement(string Proxy, int Cells, double Spearman);

/// <summary>
/// Compares computed NB201 proxies with the NAS-Bench-Suite-Zero reference scores of the 725-cell CIFAR-10 subset
/// (<c>nb201/zcp_naslib_subset.csv</c>). The reference used real CIFAR-10 images, batch 64 and its own
/// initialisation, so agreement is measured by rank (Spearman) rather than value.
/// </summary>
public static class ProxyReferenceCheck
{
    public static IReadOnlyList<ProxyAgreement> Compare(Nb201Data data, IReadOnlyDictionary<int, double[]> computed)
    {
        var reference = data.NaslibProxySubset[Nb201Dataset.Cifar10];
        var result = new List<ProxyAgreement>();
        for (int c = 0; c < ProxyTable.Columns.Count; c++)
        {
            string proxy = ProxyTable.Columns[c];
            if (!reference.Metrics.Contains(proxy)) continue;
            var pairs = reference.Architectures
                .Where(computed.ContainsKey)
                .Select(a => (Ours: computed[a][c], Theirs: reference.Score(a, proxy)))
                .Where(p => p.Theirs is { } t && double.IsFinite(t) && double.IsFinite(p.Ours))
                .ToList();
            double rho = pairs.Count >= 3
                ? RankCorrelation.Spearman(pairs.Select(p => p.Ours).ToArray(), pairs.Select(p => p.Theirs!.Value).ToArray())
                : double.NaN;
            result.Add(new ProxyAgreement(proxy, pairs.Count, rho));
        }
        return result;
    }
}
