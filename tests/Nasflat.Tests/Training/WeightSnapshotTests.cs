using Nasflat.Native;
using Nasflat.Training;
using TorchSharp;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Tests.Training;

public class WeightSnapshotTests
{
    [Fact]
    public void RestoringUndoesTrainingAndDisposedSnapshotsRefuse()
    {
        TorchRuntime.EnsureLoaded();
        using var model = SeededConstruction.Build(3, () => nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)));
        var before = model.parameters().Select(p => p.data<float>().ToArray()).ToList();
        var snapshot = WeightSnapshot.Of(model);

        using (torch.no_grad())
            foreach (var p in model.parameters()) p.add_(1f);
        Assert.NotEqual(before[0], model.parameters().First().data<float>().ToArray());

        snapshot.RestoreInto(model);
        var after = model.parameters().Select(p => p.data<float>().ToArray()).ToList();
        for (int i = 0; i < before.Count; i++) Assert.Equal(before[i], after[i]);

        snapshot.Dispose();
        Assert.Throws<ObjectDisposedException>(() => snapshot.RestoreInto(model));
    }
}
