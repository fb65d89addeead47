using System.Diagnostics;

namespace Nasflat.Tests.Cli;

/// <summary>The real CLI as a separate process, as a user's shell or a SLURM job starts it.</summary>
internal static class CliProcess
{
    public static readonly string Path = System.IO.Path.Combine(AppContext.BaseDirectory, "Nasflat.Cli");

    /// <param name="environment">Variables to set for the process (e.g. a PATH with fake SLURM commands).</param>
    public static Process Start(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        StartProgram(Path, args, environment);

    public static Process StartProgram(string program, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return Process.Start(info)!;
    }

    public static (int ExitCode, string Output) RunToEnd(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        Finish(Start(args, environment), args);

    /// <summary>Waits for a started process and returns its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Finish(Process started, string[] args)
    {
        using var process = started;
        var outputTask = process.StandardOutput.ReadToEndAsync();
        var errorTask = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), $"nasflat {string.Join(' ', args)} did not finish in three minutes");
        return (process.ExitCode, outputTask.Result + errorTask.Result);
    }
}
