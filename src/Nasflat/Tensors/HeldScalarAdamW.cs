using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Tensors;

/// <summary>
/// AdamW (decoupled weight decay, no AMSGrad) computed as <c>torch.optim.AdamW</c> computes it, with a cosine
/// learning-rate schedule. Why not TorchSharp's own: its step converts numbers to temporary native scalars that a
/// garbage collection can finalise while the native call still reads them (seen as "Expected false to be true …
/// Scalar.h" crashes in long runs, see <see cref="Nasflat.Tensors.SafeArithmetic"/>). Here every scalar is held for the
/// whole step.
/// </summary>
public sealed class HeldScalarAdamW : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _firstMoment;
    private readonly Tensor[] _secondMoment;
    private readonly double _weightDecay;
    private readonly double _baseLearningRate;
    private readonly double _minimumLearningRate;
    private readonly int _epochs;
    private int _step;

    public HeldScalarAdamW(IEnumerable<Tensor> parameters, double learningRate, double weightDecay, int epochs, double minimumLearningRate)
    {
        _parameters = parameters.ToArray();
        _firstMoment = _parameters.Select(p => torch.zeros_like(p)).ToArray();
        _secondMoment = _parameters.Select(p => torch.zeros_like(p)).ToArray();
        _weightDecay = weightDecay;
        _baseLearningRate = LearningRate = learningRate;
        _minimumLearningRate = minimumLearningRate;
        _epochs = epochs;
    }

    public double LearningRate { get; private set; }

    /// <summary>Cosine annealing to the minimum over the epochs (closed form of <c>CosineAnnealingLR</c>); call after each epoch.</summary>
    public void EndEpoch(int epochsDone) =>
        LearningRate = _minimumLearningRate + (_baseLearningRate - _minimumLearningRate) * (1 + Math.Cos(Math.PI * epochsDone / _epochs)) / 2;

    public void Step()
    {
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
        for (int i = 0; i < _parameters.Length; i++)
        {
            using var gradient = _parameters[i].grad;
            if (gradient is null) continue;
            _parameters[i].mul_(decay);
            _firstMoment[i].mul_(beta1).add_(gradient, oneMinusBeta1);
            _secondMoment[i].mul_(beta2).addcmul_(gradient, gradient, oneMinusBeta2);
            using var denominator = _secondMoment[i].sqrt();
            denominator.mul_(inverseSqrtCorrection2).add_(epsilon, one);
            _parameters[i].addcdiv_(_firstMoment[i], denominator, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var tensor in _firstMoment.Concat(_secondMoment)) tensor.Dispose();
    }
}
