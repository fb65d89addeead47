using Nasflat.Data;
using Nasflat.Spaces;
using Nasflat.Spaces.Nb201;

namespace Nasflat.Encodings;

/// <summary>
/// The feature sets Nasflat can build for a space from the data it has. Each is normalised over the whole space.
/// </summary>
/// <remarks>
/// NB201: <c>flops</c>, <c>params</c>, <c>zen</c> (CIFAR-10), <c>zcp</c> = the three of them (the only proxies the data has
/// for every cell), <c>valacc</c> (NASLib CIFAR-10 validation accuracy; what NASFLAT's "params" sampler really used on
/// NB201), <c>onehot</c> (adjacency + operation one-hot of the graph encoding).
/// FBNet: <c>zcp</c> (the 13 proxies in NASFLAT's order), <c>flops</c>, <c>params</c>, <c>onehot</c>.
/// Both: <c>opcount</c> (how many nodes carry each operation, min-max scaled) and <c>opcount_zcp</c> (opcount ‖ zcp).
/// Both: <c>arch2vec</c> (Nasflat's own learned encoding, <see cref="Arch2Vec"/>; trained and cached on first use) and
/// <c>a2vzcp</c> (arch2vec ‖ the 13 proxies: NASFLAT's CAZ without CATE), <c>cate</c> (Nasflat's CATE-style encoding,
/// <see cref="Cate"/>) and <c>caz</c> (arch2vec ‖ CATE ‖ the 13 proxies: NASFLAT's CAZ, 77-d). NB201 <c>zcp13</c>: the 13 proxies of the
/// FBNet data computed by Nasflat for every cell (<c>nasflat proxies compute</c>) plus the data's zen.
/// </remarks>
public static class FeatureCatalog
{
    public static IReadOnlyList<string> Names(SearchSpaceKind space) => space == SearchSpaceKind.Nb201
        ? ["zcp", "flops", "params", "flops_params", "zen", "valacc", "onehot", "opcount", "opcount_zcp", "zcp13", "arch2vec", "a2vzcp", "cate", "caz"]
        : ["zcp", "flops", "params", "flops_params", "onehot", "opcount", "opcount_zcp", "arch2vec", "a2vzcp", "cate", "caz"];

    /// <summary>Feature sets that are computed or trained once and read from <see cref="CacheDirectory"/>.</summary>
    public static bool IsCached(string name) => name is "zcp13" or "arch2vec" or "a2vzcp" or "cate" or "caz";

    /// <summary>
    /// Builds the cached feature sets among <paramref name="names"/> (the others are skipped), so that processes started
    /// afterwards read them from the cache instead of each training the same encoder.
    /// </summary>
    public static void PrepareCached(SpaceData data, IEnumerable<string> names)
    {
        foreach (string name in names.Distinct().Where(IsCached)) Build(data, name);
    }

    /// <summary>Where learned encodings and computed proxies are cached (<c>$NASFLAT_CACHE</c>, else ~/.cache/nasflat).</summary>
    public static string CacheDirectory => IO.CacheFolder.Default();

    /// <summary>NASFLAT's FBNet proxy order.</summary>
    public static IReadOnlyList<string> FbnetProxyOrder { get; } =
        ["synflow", "zen", "epe_nas", "fisher", "flops", "grad_norm", "grasp", "jacov", "l2_norm", "nwot", "params", "plain", "snip"];

    public static FeatureMatrix Build(SpaceData data, string name) => (data, name) switch
    {
        (_, "flops") => Scalar(data, "flops", i => data.Flops(i)),
        (_, "params") => Scalar(data, "params", i => data.Parameters(i)),
        (_, "flops_params") => FeatureMatrix.Concat("flops_params", [Build(data, "flops"), Build(data, "params")]),
        (_, "onehot") => OneHot(data),
        (_, "opcount") => OperationCounts(data),
        (_, "opcount_zcp") => FeatureMatrix.Concat("opcount_zcp", [OperationCounts(data), Build(data, "zcp")]),
        (FbnetData fbnet, "zcp") => FeatureMatrix.Concat("zcp", FbnetProxyOrder
            .Select(p => Column(p, fbnet.ZeroCostProxies.Column(p), ProxyNormalization.ScalingOf(p))).ToList()),
        (Nb201Data nb201, "zen") => Column("zen", nb201.Zen[Nb201Dataset.Cifar10].Column("zen"), ProxyScaling.MinMax),
        (Nb201Data nb201, "valacc") => Column("valacc", nb201.Accuracies.NaslibValidation[Nb201Dataset.Cifar10], ProxyScaling.MinMax),
        (Nb201Data nb201, "zcp") => FeatureMatrix.Concat("zcp", [Build(nb201, "flops"), Build(nb201, "params"), Build(nb201, "zen")]),
        (Nb201Data nb201, "zcp13") => ComputedProxies(nb201),
        (_, "arch2vec") => LearnedEncoding("arch2vec", "a2v", Arch2Vec.Load(data, CacheDirectory).Encoding),
        (_, "a2vzcp") => FeatureMatrix.Concat("a2vzcp", [Build(data, "arch2vec"), Build(data, ThirteenProxies(data.Space))]),
        (_, "cate") => LearnedEncoding("cate", "cate", Cate.Load(data, CacheDirectory).Encoding),
        (_, "caz") => FeatureMatrix.Concat("caz", [Build(data, "arch2vec"), Build(data, "cate"), Build(data, ThirteenProxies(data.Space))]),
        _ => throw new NasflatException(
            $"Unknown feature set '{name}' for {data.Space.Id()}; available: {string.Join(", ", Names(data.Space))}."),
    };

    /// <summary>The 13 proxies of FBNet's data for NB201: Nasflat's computed ones (see <c>nasflat proxies</c>) plus the data's zen.</summary>
    private static FeatureMatrix ComputedProxies(Nb201Data data)
    {
        var table = new Proxies.Nb201ProxyCache(CacheDirectory, new Proxies.ProxySettings()).Load();
        var zen = data.Zen[Nb201Dataset.Cifar10].Column("zen");
        return FeatureMatrix.Concat("zcp13", FbnetProxyOrder
            .Select(p => Column(p, p == "zen" ? zen : table.Column(p), ProxyNormalization.ScalingOf(p))).ToList());
    }

    /// <summary>The 13 zero-cost proxies of NASFLAT's order: the data's for FBNet, Nasflat's computed ones for NB201.</summary>
    private static string ThirteenProxies(SearchSpaceKind space) => space == SearchSpaceKind.Nb201 ? "zcp13" : "zcp";

    /// <summary>A learned encoding (arch2vec, CATE), each dimension min-max scaled over the space.</summary>
    private static FeatureMatrix LearnedEncoding(string name, string columnPrefix, FeatureMatrix encoding) =>
        FeatureMatrix.Concat(name, Enumerable.Range(0, encoding.Columns)
            .Select(d => Column($"{columnPrefix}{d}", Enumerable.Range(0, encoding.Rows).Select(r => (double)encoding[r, d]).ToList(), ProxyScaling.MinMax)).ToList());

    private static FeatureMatrix Scalar(SpaceData data, string name, Func<int, long> value) =>
        Column(name, Enumerable.Range(0, data.ArchitectureCount).Select(i => (double)value(i)).ToList(), ProxyScaling.Log1pMinMax);

    private static FeatureMatrix Column(string name, IReadOnlyList<double> raw, ProxyScaling scaling)
    {
        var values = ProxyNormalization.Normalize(raw, scaling);
        return new FeatureMatrix(name, values.Length, [name], values);
    }

    /// <summary>
    /// How many nodes carry each operation. On a GPU at batch 1 latency follows the number of non-skip layers almost
    /// alone (Spearman 0.90–0.94 on FBNet's 1080ti_1, 2080ti_1, titan_rtx_1), a sum the graph network must otherwise
    /// learn from k samples.
    /// </summary>
    private static FeatureMatrix OperationCounts(SpaceData data)
    {
        var names = OperationNames(data.Space);
        int vocabulary = names.Count;
        var counts = Enumerable.Range(0, vocabulary).Select(_ => new double[data.ArchitectureCount]).ToArray();
        for (int i = 0; i < data.ArchitectureCount; i++)
            foreach (int operation in data.Graph(i).Operations) counts[operation][i]++;
        // Operations no architecture varies (input, output) carry no information and would divide by zero.
        var varying = Enumerable.Range(0, vocabulary).Where(o => counts[o].Distinct().Skip(1).Any()).ToList();
        return FeatureMatrix.Concat("opcount", varying.Select(o => Column($"count_{names[o]}", counts[o], ProxyScaling.MinMax)).ToList());
    }

    private static IReadOnlyList<string> OperationNames(SearchSpaceKind space) =>
        space == SearchSpaceKind.Nb201 ? Nb201Graph.OperationVocabulary : Spaces.Fbnet.FbnetOps.All;

    private static FeatureMatrix OneHot(SpaceData data)
    {
        var first = data.Graph(0);
        int v = first.NodeCount;
        int vocabulary = OperationNames(data.Space).Count;
        int columns = v * v + v * vocabulary;
        var values = new float[data.ArchitectureCount * columns];
        for (int i = 0; i < data.ArchitectureCount; i++)
        {
            var graph = data.Graph(i);
            int offset = i * columns;
            for (int e = 0; e < v * v; e++) values[offset + e] = graph.Adjacency[e] ? 1 : 0;
            for (int node = 0; node < v; node++) values[offset + v * v + node * vocabulary + graph.Operations[node]] = 1;
        }
        var names = Enumerable.Range(0, v * v).Select(e => $"a{e / v}_{e % v}")
            .Concat(Enumerable.Range(0, v * vocabulary).Select(k => $"op{k / vocabulary}_{k % vocabulary}")).ToList();
        return new FeatureMatrix("onehot", data.ArchitectureCount, names, values);
    }
}
