using Nasflat.Baselines;
using Nasflat.Experiments;
using Nasflat.Methods;

namespace Nasflat.Runs;

/// <summary>Every method the harness can run, by the name the command line uses.</summary>
public static class FewShotMethods
{
    public const string Nasflat = NasflatMethod.MethodName;

    public static IReadOnlyList<string> Names { get; } = [Nasflat, NasflatMethod.MixtureVariant, "help", "multipredict", "flops", "params", "nearest", "scratch", "gbt", "ridge", MixtureMethod.MethodName];

    public static IReadOnlyList<string> Parse(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToList();
        if (names.Count == 1 && names[0] == "all") return Names;
        foreach (var name in names)
            foreach (var member in Members(name))
                if (!Names.Contains(member))
                    throw new NasflatException($"Unknown method '{member}'{(member == name ? "" : $" in '{name}'")}. Use a comma-separated list of {string.Join(", ", Names)}, or 'all'; join methods with '+' to average their rankings (e.g. gbt+mixture).");
        if (names.Count == 0) throw new NasflatException($"No method given; use e.g. --methods nasflat,help.");
        return names.Distinct().ToList();
    }

    /// <summary>The methods a name is made of: itself, or the members of a rank ensemble such as <c>gbt+mixture</c>.</summary>
    public static IReadOnlyList<string> Members(string name) =>
        name.Split(RankEnsembleMethod.Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A fresh instance of the method (the harness makes one per trial).</summary>
    public static IFewShotMethod Create(string name, ExperimentOptions options) =>
        Members(name) is { Count: > 1 } members ? new RankEnsembleMethod(members.Select(m => Create(m, options)).ToList()) : CreateSingle(name, options);

    private static IFewShotMethod CreateSingle(string name, ExperimentOptions options) => name switch
    {
        // The default averages GBT's and FLOPs' rankings in below ExperimentOptions.SmallSampleBelow samples, and from
        // LargeSampleFrom on the scratch GNN's where it cross-validates as well; the variant keeps its recipe at every k.
        Nasflat => new NasflatMethod(smallSamplePartners: () => SmallSampleRecipe.Partners(options), largeSamplePartner: () => new ScratchMethod()),
        NasflatMethod.MixtureVariant => new NasflatMethod(NasflatMethod.MixtureVariant, "mixture"),
        "help" => new HelpMethod(options.Baselines.Help),
        "multipredict" => new MultiPredictMethod(options.Baselines.MultiPredict),
        "flops" or "params" => new CostProxyMethod(name),
        "nearest" => new NearestDeviceMethod(),
        "scratch" => new ScratchMethod(),
        "gbt" => new GbtMethod(options.Baselines.Gbt),
        "ridge" => new StructuralRidgeMethod(),
        MixtureMethod.MethodName => new MixtureMethod(),
        _ => throw new NasflatException($"Unknown method '{name}'; use one of {string.Join(", ", Names)}."),
    };

    /// <summary>
    /// Methods that only run under NASFLAT's protocol: NASFLAT's predictor, whose metrics include the k samples as in
    /// the paper.
    /// </summary>
    public static void CheckSupported(string method, ExperimentOptions options)
    {
        if (Members(method) is { Count: > 1 } members)
        {
            foreach (var member in members) CheckSupported(member, options);
            return;
        }
        if (method is Nasflat or NasflatMethod.MixtureVariant && options.Protocol != EvaluationProtocol.Nasflat)
            throw new NasflatException($"NASFLAT's predictor runs under its own protocol only; drop --protocol {options.Protocol.ToString().ToLowerInvariant()} or run the baselines alone.");
    }
}
