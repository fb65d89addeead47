using Nasflat.Evaluation;
using Nasflat.Experiments;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Nasflat.Native;

namespace Nasflat.Tests.Reporting;

public class BenchmarkReportTests
{
    private static BenchmarkRun FakeRun()
    {
        var task = TaskCatalog.Find("nb201:N4");
        var trials = new List<TrialResult>();
        for (int trial = 0; trial < 2; trial++)
            foreach (var (device, rho) in task.Test.Zip(new[] { 0.90, 0.95, 0.97 }))
                trials.Add(new TrialResult(task.Id, device, 20, trial, new TransferMetrics(rho + trial * 0.01, rho, rho - 0.1, 0.5), "pixel2", 15625, 1.5));
        var environment = new RunEnvironment("host", "cpu", 2, 2, ".NET", "Linux", "0.107", DateTimeOffset.UnixEpoch, "nasflat bench");
        return new BenchmarkRun(environment, [new BenchmarkTaskRun(task, ExperimentPresets.Headline(SearchSpaceKind.Nb201), new TaskResult(task.Id, trials, 3, 10))]);
    }

    [Fact]
    public void TaskScoreIsTheMeanOverDevicesOfTrialMeans()
    {
        var result = FakeRun().Tasks[0].Result;
        var score = result.Spearman(20);
        Assert.Equal((0.905 + 0.955 + 0.975) / 3, score.Mean, 10);
        Assert.Equal(0.005, score.Std, 10); // every device: std of {r, r + 0.01} = 0.005
    }

    [Fact]
    public void WritesEveryFileWithOursNextToThePaper()
    {
        using var temp = new TempDirectory();
        var files = BenchmarkReport.Write(temp.Path, FakeRun());
        Assert.Equal(["results.json", "tasks.csv", "tasks.json", "timings.csv", "devices.csv", "trials.csv", "report.md", "chart.png"], files.Select(Path.GetFileName));
        string markdown = File.ReadAllText(Path.Combine(temp.Path, "report.md"));
        // HELP's published number is at k = 10, so at k = 20 it says so.
        Assert.Contains("| nb201:N4 | nasflat | 20 | **0.945** ± 0.005 | 0.959 ± 0.012 | -0.014 | 0.959 ± 0.012 | 0.746 (k = 10) | 0.952 |", markdown);
        Assert.Contains("| nb201:N4 | nasflat | titan_rtx_1 | 20 | 0.975 ± 0.005 | 0.977 ± 0.003 | 0.948 ± 0.018 | 0.745 (k = 10) |", markdown);
        Assert.DoesNotContain("Methods side by side", markdown);
        Assert.Contains("\"PretrainSamplesPerDevice\": 16", markdown);
        string tasks = File.ReadAllText(Path.Combine(temp.Path, "tasks.csv"));
        Assert.StartsWith("task,method,protocol,k,trials,spearman", tasks);
        Assert.Contains("nb201:N4,nasflat,Nasflat,20,2,0.945", tasks);
        Assert.Contains("\"DeltaVsPaper\": -0.014", File.ReadAllText(Path.Combine(temp.Path, "tasks.json")));
        Assert.Equal(7, File.ReadAllLines(Path.Combine(temp.Path, "trials.csv")).Length);
        var png = File.ReadAllBytes(Path.Combine(temp.Path, "chart.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp-*"));
    }

    [Fact]
    public void SeveralMethodsAreComparedSideBySideWithTheirOwnPaperNumbers()
    {
        var run = FakeRun();
        var nasflat = run.Tasks[0];
        var shifted = nasflat.Result.Trials.Select(t => t with { Metrics = t.Metrics with { Spearman = t.Metrics.Spearman - 0.2 } }).ToList();
        var help = new BenchmarkTaskRun(nasflat.Task, nasflat.Options, new TaskResult(nasflat.Task.Id, shifted, 1, 2), "help");
        using var temp = new TempDirectory();
        var files = BenchmarkReport.Write(temp.Path, run with { Tasks = [nasflat, help] });
        Assert.Contains("methods.png", files.Select(Path.GetFileName));
        string markdown = File.ReadAllText(Path.Combine(temp.Path, "report.md"));
        // ρ row: NASFLAT best (bold) with the paper's NASFLAT number; HELP 0.2 lower, and the paper's HELP number is at k = 10.
        Assert.Contains("| nb201:N4 | 20 | **0.945** (0.959) | 0.745 (paper k = 10: 0.746) |", markdown);
        Assert.Contains("| nb201:N4 | help | 20 | **0.745** ± 0.005 | 0.746 (k = 10) | paper: k = 10 |", markdown);
        Assert.Contains("| nb201 | 20 | 0.945 | 0.745 |", markdown);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(temp.Path, "tasks.csv")).Length);
    }

    [Fact]
    public void TheDifferenceToThePaperIsTakenOnlyAtThePapersK()
    {
        var run = FakeRun();
        var nasflat = run.Tasks[0];
        var atK10 = nasflat.Result.Trials.Select(t => t with { K = 10, Metrics = t.Metrics with { Spearman = t.Metrics.Spearman - 0.2 } });
        var help = new BenchmarkTaskRun(nasflat.Task, nasflat.Options, new TaskResult(nasflat.Task.Id, [.. atK10, .. nasflat.Result.Trials], 1, 2), "help");
        var rows = TaskRow.Of(run with { Tasks = [nasflat, help] }, PaperReference.Load());
        Assert.Equal([("nasflat", 20), ("help", 10), ("help", 20)], rows.Select(r => (r.Method, r.K)));
        Assert.Equal(-0.014, rows[0].DeltaVsPaper!.Value, 3);
        Assert.Equal(0.745 - 0.746, rows[1].DeltaVsPaper!.Value, 3); // HELP at its published k = 10
        Assert.Equal("-0.001", rows[1].DeltaText);
        Assert.Null(rows[2].DeltaVsPaper);
        Assert.Equal("paper: k = 10", rows[2].DeltaText);
        // Under HELP's own protocol only HELP's own-protocol number counts.
        var ownProtocol = help with { Options = help.Options with { Protocol = EvaluationProtocol.Help } };
        Assert.Equal(0.932, TaskRow.SameMethod(PaperReference.Load(), ownProtocol with { Task = TaskCatalog.Find("nb201:ND") })!.Mean);
        Assert.Null(TaskRow.SameMethod(PaperReference.Load(), nasflat with { Options = ownProtocol.Options }));
    }

    [Fact]
    public void TheMethodsChartIsRedrawnFromATasksCsv()
    {
        var run = FakeRun();
        var nasflat = run.Tasks[0];
        var help = new BenchmarkTaskRun(nasflat.Task, nasflat.Options, nasflat.Result, "help");
        using var temp = new TempDirectory();
        BenchmarkReport.Write(temp.Path, run with { Tasks = [nasflat, help] });
        var scores = MethodComparison.ReadScores(Path.Combine(temp.Path, "tasks.csv"));
        Assert.Equal(["nasflat", "help"], scores.Select(s => s.Method));
        Assert.All(scores, s => Assert.Equal(("nb201:N4", 20, 0.945), (s.Task, s.K, Math.Round(s.Spearman, 3))));

        string chart = Path.Combine(temp.Path, "again.png");
        MethodComparison.WriteChart(chart, scores);
        Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Path, "methods.png")), File.ReadAllBytes(chart));
    }

    [Fact]
    public void ATasksCsvWithoutTheSpearmanColumnIsAClearError()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "tasks.csv");
        File.WriteAllText(path, "task,method,k\nnb201:N4,help,20\n");
        var e = Assert.Throws<Nasflat.IO.DataFormatException>(() => MethodComparison.ReadScores(path));
        Assert.Contains("spearman", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void RunsWrittenSeparatelyCombineIntoOneReport()
    {
        var nasflat = FakeRun();
        var task = nasflat.Tasks[0];
        var baselines = nasflat with { Tasks = [task with { Method = "nearest" }, task with { Method = "gbt" }] };
        var rerun = nasflat with { Tasks = [task with { Method = "gbt", Result = task.Result with { TotalSeconds = 99 } }] };
        var atK10 = nasflat with { Tasks = [task with { Method = "nearest", Result = new TaskResult(task.Task.Id, [.. task.Result.Trials.Select(t => t with { K = 10 })], 1, 5) }] };
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        using var c = new TempDirectory();
        BenchmarkReport.Write(a.Path, nasflat);
        BenchmarkReport.Write(b.Path, baselines);
        BenchmarkReport.Write(c.Path, rerun);
        var combined = BenchmarkReport.Combine([BenchmarkReport.Read(a.Path), BenchmarkReport.Read(b.Path), BenchmarkReport.Read(c.Path), atK10]);
        Assert.Equal(["nasflat", "nearest", "gbt"], combined.Tasks.Select(t => t.Method));
        Assert.Equal(99, combined.Tasks[2].Result.TotalSeconds);
        Assert.Equal([10, 20], combined.Tasks[1].Result.Ks);
        Assert.Equal(15, combined.Tasks[1].Result.TotalSeconds);
        Assert.Equal(0.945, combined.Tasks[1].Result.Spearman(20).Mean, 10);

        var e = Assert.Throws<NasflatException>(() => BenchmarkReport.Read(Path.Combine(a.Path, "missing")));
        Assert.Contains("results.json does not exist", e.Message);
    }

    [Fact]
    public void PaperReferenceHoldsTheHeadlineTable()
    {
        var paper = PaperReference.Load();
        Assert.Equal(0.9593, paper.Task("nb201:ND", "NASFLAT")!.Mean);
        Assert.Equal(0.413, paper.Task("fbnet:F3", "HELP")!.Mean);
        Assert.Equal(0.907, paper.Task("nb201:N1", "MultiPredict")!.Mean);
        Assert.Equal(0.491, paper.Device("fbnet:F4", "essential_ph_1", "NASFLAT")!.Mean);
        Assert.Null(paper.Device("fbnet:FD", "fpga", "HELP"));
        Assert.Equal(12, PaperTasks.All.Count(t => paper.Task(t.Id, "NASFLAT") is not null));
        Assert.Equal(0.932, paper.Task("nb201:ND", "HELP (own protocol)")!.Mean);
        Assert.Equal(0.802, paper.Device("nb201:ND", "pixel2", "HELP (own protocol)")!.Mean);
    }
}
