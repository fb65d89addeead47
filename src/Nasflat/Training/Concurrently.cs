using System.Runtime.ExceptionServices;

namespace Nasflat.Training;

/// <summary>Runs independent work items on a few threads, surfacing the first real failure rather than a wrapper.</summary>
public static class Concurrently
{
    public static void For(int count, int workers, Action<int> body, CancellationToken cancellation)
    {
        try
        {
            if (workers <= 1)
            {
                for (int i = 0; i < count; i++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    body(i);
                }
                return;
            }
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellation }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            var first = e.InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
        finally
        {
            if (workers > 1) TorchThreads.UseAll();
        }
    }
}
