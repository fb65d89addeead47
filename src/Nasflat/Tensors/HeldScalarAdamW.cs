using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Tensors;

/// <summary>
/// AdamW (decoupled weight decay, no AMSGrad) computed as <c>torch.optim.AdamW</c> computes it, with a cosine
/// learning-rate schedule. Why not TorchSharp's own: its step converts numbers to temporary native scalars that a
/// garbage collection can finalise while the native call still reads them (seen as "Expected false to be true …
/// Scalar.h" crashes in long runs, see <see cref="Nasflat.Tensors.SafeArithmetic"/>). Here every scalar is held for the
/// whole step. The step runs over the <see cref="FlatParameters"/> buffers, so it costs a few native calls in all
/// rather than ten per parameter tensor; elementwise, it is the same arithmetic. One difference from torch: a parameter
/// that the last backward did not reach has a zero gradient rather than none, so it is still decayed and moved by its
/// moments (the predictor and encoders reach every parameter in every step).
/// </summary>
public sealed class HeldScalarAdamW : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly FlatParameters _parameters;
    private readonly Tensor _firstMoment;
    private readonly Tensor _secondMoment;
    private readonly Tensor _denominator; // reused: a fresh buffer each step was allocated, faulted in and freed again
    private readonly double _weightDecay;
    private readonly double _baseLearningRate;
    private readonly double _minimumLearningRate;
    private readonly int _epochs;
    private int _step;

    public HeldScalarAdamW(FlatParameters parameters, double learningRate, double weightDecay, int epochs, double minimumLearningRate)
    {
        _parameters = parameters;
        _firstMoment = torch.zeros_like(parameters.Values);
        _secondMoment = torch.zeros_like(parameters.Values);
        _denominator = torch.empty_like(parameters.Values);
        _weightDecay = weightDecay;
        _baseLearningRate = LearningRate = learningRate;
        _minimumLearningRate = minimumLearningRate;
        _epochs = epochs;
    }

    public double LearningRate { get; private set; }

    /// <summary>Cosine annealing to the minimum over the epochs (closed form of <c>CosineAnnealingLR</c>); call after each epoch.</summary>
    public void EndEpoch(int epochsDone) =>
        LearningRate = _minimumLearningRate + (_baseLearningRate - _minimumLearningRate) * (1 + Math.Cos(Math.PI * epochsDone / _epochs)) / 2;

    /// <summary>One step on the gradients in the flat buffer; reset them with <see cref="FlatParameters.ZeroGradients"/>.</summary>
    public void Step()
    {
        _parameters.CheckShared();
        _step++;
        double lr = LearningRate;
        double correction1 = 1 - Math.Pow(Beta1, _step), correction2 = 1 - Math.Pow(Beta2, _step);
        using var noGrad = torch.no_grad();
        using var decay = (1 - lr * _weightDecay).ToScalar();
        using var beta1 = Beta1.ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var inverseSqrtCorrection2 = (1 / Math.Sqrt(correction2)).ToScalar();
        using var epsilon = Epsilon.ToScalar();
        using var one = 1.ToScalar();
        using var stepSize = (-lr / correction1).ToScalar();
        var values = _parameters.Values;
        var gradient = _parameters.Gradients;
        values.mul_(decay);
        _firstMoment.mul_(beta1).add_(gradient, oneMinusBeta1);
        _secondMoment.mul_(beta2).addcmul_(gradient, gradient, oneMinusBeta2);
        _denominator.copy_(_secondMoment).sqrt_().mul_(inverseSqrtCorrection2).add_(epsilon, one);
        values.addcdiv_(_firstMoment, _denominator, stepSize);
    }

    public void Dispose()
    {
        _firstMoment.Dispose();
        _secondMoment.Dispose();
        _denominator.Dispose();
    }
}
