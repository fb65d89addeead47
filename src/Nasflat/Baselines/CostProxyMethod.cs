using Nasflat.Methods;

namespace Nasflat.Baselines;

/// <summary>
/// Zero-shot baselines: rank by the analytic FLOPs or parameter count of the space's network. They ignore the devices
/// entirely, so they show how much of a device's ranking is plain compute.
/// </summary>
public sealed class CostProxyMethod(string name) : SingleScoreMethod, ISampleFreeMethod
{
    public override string Name { get; } = name is "flops" or "params" ? name : throw new ArgumentException($"Unknown cost proxy '{name}'.", nameof(name));

    protected override float[] Score(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random) =>
        architectures.Select(a => (float)(Name == "flops" ? context.Data.Flops(a) : context.Data.Parameters(a))).ToArray();
}
