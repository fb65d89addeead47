using System.CommandLine;
using Nasflat.Cli.Commands;
using Spectre.Console;

namespace Nasflat.Cli;

/// <summary>The <c>nasflat</c> command tree. Commands only parse arguments, call the library and render results.</summary>
public static class NasflatCli
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Cancelled = 130;

    /// <summary>The data directory option, shared by every command that reads data.</summary>
    public static readonly Option<string?> DataOption = new("--data")
    {
        Description = "Data directory holding nb201/ and fbnet/ (default: $NASFLAT_DATA, then the data/ that ships with Nasflat).",
        Recursive = true,
    };

    /// <summary>The folder of user-measured devices, shared by every command that reads data.</summary>
    public static readonly Option<string?> DevicesOption = new("--devices")
    {
        Description = "Folder of measured devices (default: $NASFLAT_DEVICES, then ./devices).",
        Recursive = true,
    };

    /// <summary>The data catalog named by --data and --devices.</summary>
    public static Data.DataCatalog Catalog(ParseResult parse) =>
        Data.DataCatalog.Open(parse.GetValue(DataOption), parse.GetValue(DevicesOption));

    /// <summary>How to start this CLI again as a worker process with other arguments.</summary>
    public static System.Diagnostics.ProcessStartInfo StartSelf(IEnumerable<string> args)
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var info = new System.Diagnostics.ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") info.ArgumentList.Add(typeof(NasflatCli).Assembly.Location);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        return info;
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("Nasflat: hardware-aware few-shot latency prediction for neural architecture search.");
        root.Options.Add(DataOption);
        root.Options.Add(DevicesOption);
        root.Subcommands.Add(DataCommands.Build());
        root.Subcommands.Add(ArchCommand.Build());
        root.Subcommands.Add(DoctorCommand.Build());
        root.Subcommands.Add(TasksCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(BenchCommand.BuildReport());
        root.Subcommands.Add(BenchCommand.BuildChart());
        root.Subcommands.Add(PredictorCommands.Pretrain());
        root.Subcommands.Add(PredictorCommands.Predict());
        root.Subcommands.Add(PredictorCommands.Predictors());
        root.Subcommands.Add(SearchCommand.Build());
        root.Subcommands.Add(MeasureCommands.Suggest());
        root.Subcommands.Add(MeasureCommands.Measure());
        root.Subcommands.Add(PerfCommand.Build());
        root.Subcommands.Add(ProxiesCommand.Build());
        root.Subcommands.Add(EncodingsCommand.Build());
        root.Subcommands.Add(StudyCommand.Build());
        root.Subcommands.Add(SweepCommand.Build());
        return root;
    }

    public static int Run(string[] args)
    {
        // Piped output has no terminal width; Spectre would then squeeze tables into 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            AnsiConsole.MarkupLine("Run with [bold]--help[/] for usage.");
            return BadInput;
        }
        // Termination signals are handled by Shutdown (graceful stop, workers included), not by System.CommandLine,
        // which would return from a still-running command after two seconds and leave its workers behind.
        return parse.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    /// <summary>Cancelled when the user or the parent process asks this process to stop (see <see cref="Shutdown"/>).</summary>
    public static CancellationToken Cancellation => Shutdown.Token;

    /// <summary>Runs a command body; user errors become one red message and exit code 2, never a stack trace.</summary>
    public static int Guard(Action body)
    {
        try
        {
            body();
            return Success;
        }
        catch (NasflatException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            // Outputs are written atomically, so whatever finished before is intact.
            AnsiConsole.MarkupLine("[yellow]stopped[/]: finished results were kept; nothing was left half-written.");
            return Shutdown.ExitCode;
        }
    }
}
