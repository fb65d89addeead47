using Nasflat.Baselines;
using Nasflat.Experiments;

namespace Nasflat.Tests.Baselines;

public class BaselineOptionsTests
{
    private static string WriteSettings(string json)
    {
        string path = Path.Combine(Path.GetTempPath(), $"nasflat-baselines-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void AFileChangesOnlyWhatItNamesAndKeepsTheBasisForTheRest()
    {
        // e.g. the quick preset's reduced settings, with one MultiPredict setting changed by a file.
        var basis = new BaselineOptions
        {
            Help = new HelpOptions { Episodes = 20 },
            MultiPredict = new MultiPredictOptions { PretrainEpochs = 10, TransferRepeats = 2 },
        };
        string path = WriteSettings("""{"MultiPredict": {"FreezeEncoder": false, "Features": []}}""");
        try
        {
            var read = BaselineOptions.Read(path, basis);
            Assert.False(read.MultiPredict.FreezeEncoder);
            Assert.Empty(read.MultiPredict.Features);
            Assert.Equal((10, 2), (read.MultiPredict.PretrainEpochs, read.MultiPredict.TransferRepeats));
            Assert.Equal(20, read.Help.Episodes);
            Assert.Equal(250, BaselineOptions.Read(path).MultiPredict.PretrainEpochs); // no basis: the defaults
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AnUnknownSettingIsAClearErrorWithItsLine()
    {
        string path = WriteSettings("{\n  \"MultiPredict\": {\n    \"Epochs\": 5\n  }\n}");
        try
        {
            var e = Assert.Throws<NasflatException>(() => BaselineOptions.Read(path, new BaselineOptions()));
            Assert.Contains(path, e.Message);
            Assert.Contains("line 3", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void EverySettingIsCheckedAndABadOneNamesItself()
    {
        new BaselineOptions().Validate(); // the defaults are valid
        var innerTasks = Assert.Throws<NasflatException>(() => new HelpOptions { InnerTasks = 0 }.Validate());
        Assert.Equal("Baselines.Help.InnerTasks must be at least 1 (got 0).", innerTasks.Message);
        Assert.Contains("Baselines.Gbt.TargetWeightShare must lie strictly between 0 and 1 (got 1)",
            Assert.Throws<NasflatException>(() => new GbtOptions { TargetWeightShare = 1 }.Validate()).Message);
        Assert.Contains("Baselines.MultiPredict.TransferRepeats",
            Assert.Throws<NasflatException>(() => new MultiPredictOptions { TransferRepeats = 0 }.Validate()).Message);

        // From a settings file, the error also names the file.
        string path = WriteSettings("""{"Gbt": {"TargetWeightShare": 1.0}}""");
        try
        {
            var e = Assert.Throws<NasflatException>(() => BaselineOptions.Read(path));
            Assert.StartsWith(path + ": Baselines.Gbt.TargetWeightShare", e.Message);
        }
        finally { File.Delete(path); }
    }
}
