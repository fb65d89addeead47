using Nasflat.Cli;
using Spectre.Console;
using Nasflat.Runs;

namespace Nasflat.Tests.Cli;

/// <summary>Runs the real command tree in-process; the console is global, so these tests do not run in parallel.</summary>
[Collection(nameof(ConsoleCollection))]
public class CliTests
{
    private static (int ExitCode, string Output) Run(params string[] args)
    {
        var writer = new StringWriter();
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        AnsiConsole.Profile.Width = 250;
        var previousOut = Console.Out;
        Console.SetOut(writer);
        try
        {
            int code = NasflatCli.Run(args);
            return (code, writer.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            AnsiConsole.Console = previous;
        }
    }

    [Fact]
    public void DataSummaryListsEveryDeviceWithCounts()
    {
        var (code, output) = Run("data", "summary");
        Assert.Equal(0, code);
        Assert.Contains("nb201: 15625 architectures, 44 devices: 27 Help, 13 LatBench, 2 LatBench (not in the paper's pool)", output);
        Assert.Contains("fbnet: 5000 architectures, 27 devices: 27 Help", output);
        Assert.Matches(@"mobile_cpu_snapdragon_450_cortex_a53_int8\s*│\s*LatBench\s*│\s*s\s*│\s*15252\s*│\s*373", output);
    }

    [Fact]
    public void ArchByIndexShowsGraphCostsAccuracyAndLatencies()
    {
        var (code, output) = Run("arch", "nb201", "--index", "0");
        Assert.Equal(0, code);
        Assert.Contains("FLOPs (MACs, CIFAR-10): 15.64737 M   params: 0.129306 M", output);
        Assert.Contains("test accuracy Cifar10: 85.86 %", output);
        Assert.Contains("01101000", output);
        Assert.Matches(@"raspi4\s*│\s*Help\s*│\s*10\.482", output);
    }

    [Fact]
    public void ArchByStringFindsTheSameArchitecture()
    {
        var (code, output) = Run("arch", "nb201", "|avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|");
        Assert.Equal(0, code);
        Assert.Contains("architecture #9", output);
        Assert.Matches(@"desktop_cpu_core_i7_7820x_fp32\s*│\s*LatBench\s*│\s*\d", output);
    }

    [Fact]
    public void DisconnectedCellIsNotMeasuredOnLatBenchDevices()
    {
        var (code, output) = Run("arch", "nb201", "--index", "1651");
        Assert.Equal(0, code);
        Assert.Matches(@"desktop_cpu_core_i7_7820x_fp32\s*│\s*LatBench\s*│\s*not measured", output);
        Assert.Contains("0 edges", output);
    }

    [Fact]
    public void BadArchitectureIsOneClearErrorWithExitCode2()
    {
        var (code, output) = Run("arch", "nb201", "|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        Assert.Equal(2, code);
        Assert.Contains("error: Invalid NB201 architecture", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void MissingDataDirectoryIsExitCode2()
    {
        var (code, output) = Run("data", "summary", "--data", "/nonexistent/nasflat");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", output);
    }

    [Fact]
    public void LodoOptionsThatDoNotFitTogetherAreNamed()
    {
        var (code, output) = Run("bench", "--folds", "4", "-m", "flops");
        Assert.Equal(2, code);
        Assert.Contains("--folds shapes a leave-one-device-out run; add --lodo", output);
        (code, output) = Run("bench", "--lodo", "nb201", "-t", "nb201:ND", "-m", "flops");
        Assert.Equal(2, code);
        Assert.Contains("replaces --tasks; drop --tasks", output);
        (code, output) = Run("bench", "--lodo", "nb201", "--folds", "1", "-m", "flops");
        Assert.Equal(2, code);
        Assert.Contains("--folds 1", output);
    }

    [Fact]
    public void UnknownCommandIsAUsageError()
    {
        var (code, output) = Run("dta", "summary");
        Assert.Equal(2, code);
        Assert.Contains("--help", output);
    }

    [Fact]
    public void BenchComparesMethodsAndReportCombinesRuns()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        using var combined = new TempDirectory();
        string[] task = ["--space", "nb201", "--train", "1080ti_1,gold_6240", "--test", "titanxp_1", "--trials", "1", "-k", "5"];
        var (code, output) = Run(["bench", .. task, "-m", "flops,nearest", "-o", first.Path]);
        Assert.Equal(0, code);
        Assert.Matches(@"nb201:custom\s*│\s*nearest\s*│\s*5\s*│", output);
        Assert.True(File.Exists(Path.Combine(first.Path, "methods.png")));
        Assert.Contains("## Methods side by side", File.ReadAllText(Path.Combine(first.Path, "report.md")));

        Assert.Equal(0, Run(["bench", .. task, "-m", "params", "-o", second.Path]).ExitCode);
        (code, output) = Run("report", first.Path, second.Path, "-o", combined.Path);
        Assert.Equal(0, code);
        Assert.Contains("| task | k | flops | nearest | params |", File.ReadAllText(Path.Combine(combined.Path, "report.md")));

        (code, output) = Run("bench", "-m", "nasflat,lgbm", "-t", "nb201:ND");
        Assert.NotEqual(0, code);
        Assert.Contains("Unknown method 'lgbm'", output);
    }

    [Fact]
    public void StudyRowsAreChosenByNameOrFolderNameAndReportOnlyRunsNothing()
    {
        using var temp = new TempDirectory();
        var (code, output) = Run("study", "hw-embedding", "-t", "fbnet:F2", "--rows", "op-wise-transfer", "--report-only", "-o", temp.Path);
        Assert.Equal(0, code);
        Assert.Contains("op-wise, transfer · fbnet: 1 task(s) not run yet", output);
        Assert.DoesNotContain("no transfer · fbnet", output);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "op-wise-transfer", "fbnet")), "--report-only must not start a bench run");
        Assert.True(File.Exists(Path.Combine(temp.Path, "study.md")));

        (code, output) = Run("study", "hw-embedding", "--rows", "op-wise", "--report-only", "-o", temp.Path);
        Assert.NotEqual(0, code);
        Assert.Contains("op-wise, transfer (op-wise-transfer)", output);
    }

    [Fact]
    public void BenchRunsAUserTaskAndWritesTheReport()
    {
        using var temp = new TempDirectory();
        var (code, output) = Run("bench", "--space", "nb201", "--train", "1080ti_1,gold_6240", "--test", "titanxp_1",
            "--epochs", "2", "--transfer-epochs", "2", "--pretrain-samples", "16", "--trials", "1", "-k", "5", "-o", temp.Path);
        Assert.Equal(0, code);
        Assert.Matches(@"nb201:custom\s*│\s*nasflat\s*│\s*5\s*│\s*-?0\.\d{3} ± 0\.000", output);
        Assert.True(File.Exists(Path.Combine(temp.Path, "report.md")));
        Assert.Contains("\"TransferEpochs\": 2", File.ReadAllText(Path.Combine(temp.Path, "report.md")));
    }

    [Fact]
    public void BenchChecksDeviceNamesBeforeItStartsARun()
    {
        using var temp = new TempDirectory();
        string folder = Path.Combine(temp.Path, "run");
        var (code, output) = Run("bench", "--space", "nb201", "--train", "1080ti_1,gold_6240", "--test", "titanxp", "-m", "nasflat,flops", "-o", folder);
        Assert.Equal(2, code);
        Assert.Contains("Unknown device 'titanxp' in nb201", output);
        Assert.DoesNotContain("Benchmark of", output);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void BenchRejectsAnIncompleteUserTask()
    {
        var (code, output) = Run("bench", "--train", "1080ti_1");
        Assert.Equal(2, code);
        Assert.Contains("needs --train, --test and --space together", output);
    }

    [Fact]
    public void HelpShowsEachCommandsOwnPresetValues()
    {
        // Generated from the settings table and the command's preset, so it cannot drift from what runs.
        var (code, bench) = Run("bench", "--help");
        Assert.Equal(0, code);
        Assert.Matches(@"--transfer-epochs <transfer-epochs>\s+Fine-tuning epochs .*\(default NB201 40, FBNet 30\)", bench);
        Assert.Matches(@"--pretrain-samples <pretrain-samples>\s+Pretraining architectures per source device\. \(default NB201 16, FBNet 800\)", bench);
        Assert.Matches(@"--prior <prior>\s+.*\(default auto\)", bench);
        var (_, predict) = Run("predict", "--help");
        Assert.Matches(@"--pretrain-samples <pretrain-samples>\s+.*\(default NB201 128, FBNet 800\)", predict);
        var (_, search) = Run("search", "--help");
        Assert.Matches(@"--prior <prior>\s+.*\(default none\)", search);
        Assert.Matches(@"--training-precision <.*>\s+.*\(default Float32\)", search);
    }

    [Fact]
    public void ABadSettingIsOneLineNamingTheOption()
    {
        var (code, output) = Run("bench", "-t", "nb201:ND", "--transfer-epochs", "0", "-o", Path.Combine(Path.GetTempPath(), $"nasflat-{Guid.NewGuid():N}"));
        Assert.Equal(2, code);
        Assert.Contains("error: --transfer-epochs 0: Training.TransferEpochs must be at least 1 (got 0).", output);
    }
}

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;
