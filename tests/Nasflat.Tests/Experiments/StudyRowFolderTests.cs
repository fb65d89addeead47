using Nasflat.Evaluation;
using Nasflat.Experiments;
using Nasflat.Experiments.Studies;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Nasflat.Native;
using Nasflat.Runs;

namespace Nasflat.Tests.Experiments;

public class StudyRowFolderTests
{
    private static BenchmarkRun RunOf(params string[] taskIds)
    {
        var environment = new RunEnvironment("host", "cpu", 2, 2, ".NET", "Linux", "0.107", DateTimeOffset.UnixEpoch, "nasflat bench");
        var tasks = taskIds.Select(id =>
        {
            var task = TaskCatalog.Find(id);
            var trials = task.Test.Select(d => new TrialResult(id, d, 20, 0, new TransferMetrics(0.9, 0.9, 0.8, 0.5), "src", 100, 1)).ToList();
            return new BenchmarkTaskRun(task, ExperimentPresets.Paper(SearchSpaceKind.Nb201), new TaskResult(id, trials, 1, 2));
        }).ToList();
        return new BenchmarkRun(environment, tasks);
    }

    [Fact]
    public void AnInterruptedRowRunsOnlyItsMissingTasksIntoAFurtherFolderAndReadsAsOne()
    {
        using var temp = new TempDirectory();
        var row = new StudyRowFolder(Path.Combine(temp.Path, "gin", "nb201"));
        string[] wanted = ["nb201:ND", "nb201:N1", "nb201:N2"];
        Assert.Null(row.Read());
        Assert.Equal(wanted, StudyRowFolder.Missing(row.Read(), wanted));
        Assert.Equal(row.Path, row.NextRunFolder());

        // Bench rewrote results.json after its first task, then was stopped.
        BenchmarkReport.Write(row.NextRunFolder(), RunOf("nb201:ND"));
        Assert.Equal(["nb201:N1", "nb201:N2"], StudyRowFolder.Missing(row.Read(), wanted));
        string next = row.NextRunFolder();
        Assert.Equal(Path.Combine(row.Path, "more-1"), next);

        BenchmarkReport.Write(next, RunOf("nb201:N1", "nb201:N2"));
        Assert.Empty(StudyRowFolder.Missing(row.Read(), wanted));
        Assert.Equal(wanted, row.Read()!.Tasks.Select(t => t.Task.Id));
    }
}
