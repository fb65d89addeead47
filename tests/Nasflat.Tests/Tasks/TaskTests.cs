using Nasflat.Spaces;
using Nasflat.Tasks;

namespace Nasflat.Tests.Tasks;

public class TaskTests
{
    [Fact]
    public void TheTwelvePaperTasksExistInTheData()
    {
        Assert.Equal(12, PaperTasks.All.Length);
        foreach (var task in PaperTasks.All) task.Validate(SharedData.Open().Space(task.Space).Latency);
        Assert.Equal(["ND", "NA", "N1", "N2", "N3", "N4"], PaperTasks.All.Where(t => t.Space == SearchSpaceKind.Nb201).Select(t => t.Name));
        Assert.Equal((9, 6), (TaskCatalog.Find("nb201:ND").Train.Length, TaskCatalog.Find("nb201:ND").Test.Length));
        Assert.Equal((17, 3), (TaskCatalog.Find("nb201:NA").Train.Length, TaskCatalog.Find("nb201:NA").Test.Length));
        Assert.Equal((15, 4), (TaskCatalog.Find("fbnet:FA").Train.Length, TaskCatalog.Find("fbnet:FA").Test.Length));
        Assert.Equal(["fpga", "raspi4", "eyeriss"], TaskCatalog.Find("FBNET:fd").Test.ToArray());
    }

    [Fact]
    public void ReferencesResolveToGroupsAndFiles()
    {
        Assert.Equal(12, TaskCatalog.Resolve("all").Count);
        Assert.Equal(6, TaskCatalog.Resolve("fbnet").Count);
        Assert.Equal(["nb201:N2", "fbnet:F3"], TaskCatalog.Resolve("nb201:N2, fbnet:F3,nb201:N2").Select(t => t.Id));

        using var temp = new TempDirectory();
        string file = temp.Write("mine.json", """{"space": "nb201", "train": ["1080ti_1", "gold_6240"], "test": ["pixel2"]}""");
        var task = Assert.Single(TaskCatalog.Resolve(file));
        Assert.Equal("nb201:mine", task.Id);
        task.Validate(SharedData.Nb201.Latency);

        string written = Path.Combine(temp.Path, "copy.json");
        TaskFile.Write(written, task);
        Assert.Equal(task.Train.ToArray(), TaskFile.Read(written).Train.ToArray());
    }

    [Fact]
    public void BadTasksGetClearErrors()
    {
        Assert.Contains("Unknown task 'nb201:N9'", Assert.Throws<NasflatException>(() => TaskCatalog.Find("nb201:N9")).Message);
        Assert.Contains("'nb201' names 6 tasks; give exactly one", Assert.Throws<NasflatException>(() => TaskCatalog.ResolveOne("nb201")).Message);
        Assert.Equal("nb201:N2", TaskCatalog.ResolveOne("nb201:N2").Id);
        var unknownDevice = TaskCatalog.Custom(SearchSpaceKind.Nb201, "x", ["1080ti_1"], ["pixle2"]);
        Assert.Contains("Did you mean 'pixel2'", Assert.Throws<Nasflat.Data.UnknownDeviceException>(() => unknownDevice.Validate(SharedData.Nb201.Latency)).Message);
        var overlap = TaskCatalog.Custom(SearchSpaceKind.Nb201, "x", ["1080ti_1"], ["1080ti_1"]);
        Assert.Contains("more than once", Assert.Throws<NasflatException>(() => overlap.Validate(SharedData.Nb201.Latency)).Message);
        var empty = TaskCatalog.Custom(SearchSpaceKind.Nb201, "x", [], ["pixel2"]);
        Assert.Contains("no train devices", Assert.Throws<NasflatException>(() => empty.Validate(SharedData.Nb201.Latency)).Message);

        using var temp = new TempDirectory();
        string broken = temp.Write("broken.json", "{\"space\": \"nb201\",\n \"train\": [\"a\",]\n}");
        Assert.Contains("broken.json:2: not a valid task file", Assert.Throws<NasflatException>(() => TaskFile.Read(broken)).Message);
        string incomplete = temp.Write("incomplete.json", "{\"space\": \"nb201\"}");
        Assert.Contains("needs \"space\", \"train\" and \"test\"", Assert.Throws<NasflatException>(() => TaskFile.Read(incomplete)).Message);
    }
}
