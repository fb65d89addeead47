using Nasflat.Evaluation;
using Nasflat.Experiments;
using Nasflat.Experiments.Studies;
using Nasflat.Native;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Nasflat.Training;

namespace Nasflat.Tests.Reporting;

public class StudyReportTests
{
    private static BenchmarkRun RunOf(ExperimentOptions options, double secondsPerTask, params string[] taskIds)
    {
        var environment = new RunEnvironment("host", "EPYC", 2, 2, ".NET", "Linux", "0.107", DateTimeOffset.UnixEpoch, "nasflat bench");
        var tasks = taskIds.Select(id =>
        {
            var task = TaskCatalog.Find(id);
            var trials = task.Test.Select(d => new TrialResult(id, d, 20, 0, new TransferMetrics(0.9, 0.9, 0.8, 0.5), "src", 100, 1)).ToList();
            return new BenchmarkTaskRun(task, options, new TaskResult(id, trials, 1, secondsPerTask));
        }).ToList();
        return new BenchmarkRun(environment, tasks);
    }

    [Fact]
    public void TheReportSaysWhatEachRowThatRanCostWithItsTrialsAndPretrainingSize()
    {
        var study = StudyCatalog.Find("gnn");
        var paper = ExperimentPresets.Paper(SearchSpaceKind.Nb201);
        var nb201 = paper with { Trials = 3, PretrainSamplesPerDevice = 512, Training = paper.Training with { TrainingPrecision = TrainingPrecision.BFloat16Mixed } };
        var dgf = RunOf(nb201, 90, "nb201:ND", "nb201:N1");
        var table = StudyReport.Table(study, (row, space) => row.Name == "DGF" && space == SearchSpaceKind.Nb201 ? dgf : null);

        var cost = Assert.Single(table.Costs);
        Assert.Equal(new StudyRowCost("DGF", "nb201", 2, "3", "512", 180, "EPYC, bfloat16"), cost);
        string markdown = StudyReport.Markdown(study, table, "nasflat study gnn");
        Assert.Contains("| DGF | nb201 | 2 | 3 | 512 | 3.0 min | EPYC, bfloat16 |", markdown);
        Assert.Contains("All rows: 3.0 min of task time.", markdown);
        Assert.Equal(0.9, table.Cells.Single(c => c.Row == "DGF" && c.K == 20 && c.Task == "nb201:ND").Ours!.Value, 9);
    }

    [Fact]
    public void TasksRunWithDifferentSettingsAreAllNamed()
    {
        // A row resumed with another --set, or on another kind of CPU (more-1), reads as one run; its cost must not hide the mix.
        var options = ExperimentPresets.Paper(SearchSpaceKind.Nb201);
        var bf16 = options.Training with { TrainingPrecision = TrainingPrecision.BFloat16Mixed };
        var mixed = BenchmarkReport.Combine([RunOf(options with { PretrainSamplesPerDevice = 16 }, 30, "nb201:ND"),
            RunOf(options with { PretrainSamplesPerDevice = 512, Trials = 3, Training = bf16 }, 60, "nb201:N1")]);
        var cost = StudyRowCost.Of("GAT", SearchSpaceKind.Nb201, mixed);
        Assert.Equal(("3/5", "16/512", 90.0, "EPYC, bfloat16/float32"), (cost.Trials, cost.PretrainSamplesPerDevice, cost.TaskSeconds, cost.Machine));
    }
}
