using Nasflat.Models;
using Nasflat.Native;
using Nasflat.Spaces;
using Nasflat.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Tests.Training;

/// <summary>Draws from libtorch's process-wide generator, so it never runs beside a test whose seeded construction it would disturb.</summary>
[Collection(nameof(Nasflat.Tests.Native.TorchGlobalsCollection))]
public class PredictorCheckpointTests
{
    public PredictorCheckpointTests() => TorchRuntime.EnsureLoaded();

    private static GraphBatch Batch() => new(
        torch.eye(8).unsqueeze(0).expand(3, 8, 8).contiguous(), torch.ones(3, 8, dtype: ScalarType.Int64), torch.tensor(new long[] { 0, 1, 2 }), torch.rand(3, 13));

    [Fact]
    public void SavedPredictorLoadsWithItsOptionsDevicesAndOutputs()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "model.nfp");
        torch.manual_seed(1);
        using var model = new NasflatPredictor(new PredictorOptions { Gnn = GnnType.Gat, SupplementaryDim = 13 });
        model.eval();
        var saved = PredictorCheckpoint.Save(path, model, SearchSpaceKind.Fbnet, ["a", "b", "c"], ["a", "b"], "zcp");

        var (loaded, checkpoint) = PredictorCheckpoint.Load(path);
        using (loaded)
        {
            loaded.eval();
            Assert.Equal(GnnType.Gat, checkpoint.Options.Gnn);
            Assert.Equal(["a", "b", "c"], checkpoint.Devices);
            Assert.Equal(["a", "b"], checkpoint.Sources);
            Assert.Equal("zcp", checkpoint.Supplementary);
            Assert.Equal(saved.WeightsSha256, checkpoint.WeightsSha256);
            var batch = Batch();
            Assert.True(model.forward(batch).allclose(loaded.forward(batch)));
        }
    }

    [Fact]
    public void CorruptOrForeignFilesAreRefusedClearly()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "model.nfp");
        using var model = new NasflatPredictor(new PredictorOptions());
        PredictorCheckpoint.Save(path, model, SearchSpaceKind.Nb201, ["x"], ["x"], null);

        var bytes = File.ReadAllBytes(path);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("is corrupt", Assert.Throws<NasflatException>(() => PredictorCheckpoint.Load(path)).Message);

        string other = temp.Write("notes.txt", "hello");
        Assert.Contains("not a Nasflat predictor file", Assert.Throws<NasflatException>(() => PredictorCheckpoint.Load(other)).Message);
        Assert.Contains("not found", Assert.Throws<NasflatException>(() => PredictorCheckpoint.Load(Path.Combine(temp.Path, "none.nfp"))).Message);
    }
}
