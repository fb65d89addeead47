using System.Runtime.CompilerServices;
using TorchSharp;

namespace Nasflat.Tests.Tensors;

/// <summary>
/// Counts the tensors that a piece of code leaves to the garbage collector's finalizer: made on this thread, never
/// disposed, and unreachable afterwards. Each one was a temporary whose last use was a native call, and the finalizer
/// can free it during that call (a use-after-free in libtorch). The code runs inside a dispose scope, which records
/// every tensor made on the thread; the ones still reachable afterwards (caches, results) are not counted.
/// </summary>
public static class FinalizerWatch
{
    /// <summary>What <paramref name="action"/> left to the finalizer, as "count × shape dtype" groups (empty when nothing).</summary>
    public static IReadOnlyList<string> LeftToFinalizer(Action action)
    {
        var (weak, names) = Track(action);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return weak.Select((reference, i) => (reference, name: names[i])).Where(p => !p.reference.IsAlive)
            .GroupBy(p => p.name).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} × {g.Key}").ToList();
    }

    // Not inlined, so that no local of the caller keeps the tracked objects alive through the collection.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (List<WeakReference> Weak, List<string> Names) Track(Action action)
    {
        using var scope = torch.NewDisposeScope();
        action();
        var left = scope.DisposablesView.ToList();
        scope.Detach(left); // the scope must not dispose what the code keeps (caches, results)
        return (left.Select(d => new WeakReference(d)).ToList(), left.Select(Describe).ToList());
    }

    private static string Describe(IDisposable disposable) =>
        disposable is torch.Tensor tensor ? $"{disposable.GetType().Name}[{string.Join(",", tensor.shape)}] {tensor.dtype}" : disposable.GetType().Name;
}
