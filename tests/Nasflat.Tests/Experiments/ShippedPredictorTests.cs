using Nasflat.Data;
using Nasflat.Experiments;
using Nasflat.Spaces;
using Nasflat.Prediction;

namespace Nasflat.Tests.Experiments;

public class ShippedPredictorTests
{
    /// <summary>A one-epoch build on 4 architectures per device: seconds, and every file a real build writes.</summary>
    private static ExperimentOptions Quick(ExperimentOptions recipe) =>
        recipe with { Training = recipe.Training with { PretrainEpochs = 1 }, PretrainSamplesPerDevice = 4 };

    [Fact]
    public void TheCommittedPredictorsMatchTheBundledData()
    {
        // Fails when the data changes without `nasflat predictors build`, or a predictor file is altered.
        string folder = ShippedPredictors.DefaultFolder() ?? throw new InvalidOperationException("no predictors/ in the checkout");
        var catalog = SharedData.Open();
        foreach (var space in new[] { SearchSpaceKind.Nb201, SearchSpaceKind.Fbnet })
        {
            var manifest = ShippedPredictors.ReadManifest(folder, space);
            Assert.NotNull(manifest);
            Assert.Empty(ShippedPredictors.Problems(manifest, folder, catalog.Space(space), catalog.Directory));
            // predict's own options select it: no pretraining on a fresh machine.
            var (path, reason) = ShippedPredictors.ForPrediction(catalog.Space(space), catalog.Directory, ExperimentPresets.Predict(space), folder);
            Assert.Equal(Path.Combine(folder, manifest.File), path);
            Assert.Equal("float32", manifest.Precision);
            Assert.Equal(ShippedPredictors.AllDeviceSources(catalog.Space(space)), manifest.Sources);
            Assert.Contains("shipped predictor", reason);
        }
    }

    [Fact]
    public void ABuiltPredictorServesItsRecipeAndAnotherRecipePretrainsItsOwn()
    {
        using var temp = new TempDirectory();
        var catalog = SharedData.Open();
        var manifest = ShippedPredictors.Build(catalog.Nb201, catalog.Directory, temp.Path, Quick);
        Assert.Equal("nasflat predictors build --space nb201", manifest.RebuildCommand);
        Assert.Equal(40, manifest.Sources.Count);
        Assert.Contains("nb201/latency.csv.gz", manifest.DataSha256.Keys);
        Assert.Empty(ShippedPredictors.Problems(manifest, temp.Path, catalog.Nb201, catalog.Directory));

        var recipe = Quick(ShippedPredictors.Recipe(SearchSpaceKind.Nb201));
        Assert.NotNull(ShippedPredictors.ForPrediction(catalog.Nb201, catalog.Directory, recipe, temp.Path).Path);
        // Precision and transfer settings are not part of the recipe.
        var bfloat16 = recipe with { Training = recipe.Training with { TrainingPrecision = Nasflat.Training.TrainingPrecision.BFloat16Mixed, TransferEpochs = 7 } };
        Assert.NotNull(ShippedPredictors.ForPrediction(catalog.Nb201, catalog.Directory, bfloat16, temp.Path).Path);
        var (other, reason) = ShippedPredictors.ForPrediction(catalog.Nb201, catalog.Directory, recipe with { PretrainSamplesPerDevice = 8 }, temp.Path);
        Assert.Null(other);
        Assert.Contains("pretraining options differ", reason);
    }

    [Fact]
    public void AnAlteredFileOrOtherDataIsRefusedWithTheRebuildCommand()
    {
        using var temp = new TempDirectory();
        var catalog = SharedData.Open();
        var manifest = ShippedPredictors.Build(catalog.Nb201, catalog.Directory, temp.Path, Quick);
        var recipe = Quick(ShippedPredictors.Recipe(SearchSpaceKind.Nb201));

        // Data that differs from what it was trained on: a copy of the data with one file changed.
        string data = Path.Combine(temp.Path, "data");
        foreach (string file in Directory.EnumerateFiles(catalog.Directory.File("nb201")))
        {
            Directory.CreateDirectory(Path.Combine(data, "nb201"));
            File.Copy(file, Path.Combine(data, "nb201", Path.GetFileName(file)));
        }
        File.AppendAllText(Path.Combine(data, "nb201", "metad2a_candidates.csv"), "\n");
        var stale = Assert.Throws<NasflatException>(() => ShippedPredictors.ForPrediction(catalog.Nb201, new DataDirectory(data, "test"), recipe, temp.Path));
        Assert.Contains("metad2a_candidates.csv differs from the file it was trained on", stale.Message);
        Assert.Contains("`nasflat predictors build --space nb201`", stale.Message);

        // A predictor file that no longer matches its manifest.
        string path = Path.Combine(temp.Path, manifest.File);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var altered = Assert.Throws<NasflatException>(() => ShippedPredictors.ForPrediction(catalog.Nb201, catalog.Directory, recipe, temp.Path));
        Assert.Contains("does not match the checksum in its manifest", altered.Message);
        Assert.Contains("`nasflat predictors build --space nb201`", altered.Message);
    }

    [Fact]
    public void ABrokenManifestNamesItsLineAndTheFix()
    {
        using var temp = new TempDirectory();
        temp.Write("fbnet.json", "{\n  \"Version\": 1,\n  \"Space\": nope\n}");
        var e = Assert.Throws<NasflatException>(() => ShippedPredictors.ReadManifest(temp.Path, SearchSpaceKind.Fbnet));
        Assert.Contains("fbnet.json, line 3", e.Message);
        Assert.Contains("nasflat predictors build --space fbnet", e.Message);
    }
}
