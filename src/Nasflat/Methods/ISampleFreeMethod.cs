namespace Nasflat.Methods;

/// <summary>
/// A method whose ranking never reads the target's samples (FLOPs, parameters). Its Kendall τ on the samples is then an
/// honest held-out estimate of how well it ranks the rest of the space, which a method fitted to the samples cannot
/// claim: its τ on them is near 1 whatever it does elsewhere (<see cref="SampleTauWeights"/>).
/// </summary>
public interface ISampleFreeMethod : IFewShotMethod;
