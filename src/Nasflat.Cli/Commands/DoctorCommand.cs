using System.CommandLine;
using Nasflat.Data;
using Nasflat.Native;
using Spectre.Console;

namespace Nasflat.Cli.Commands;

/// <summary><c>nasflat doctor</c>: checks that libtorch loads and computes, and where the data comes from.</summary>
internal static class DoctorCommand
{
    public static Command Build()
    {
        var command = new Command("doctor", "Check that libtorch loads and trains on this machine and that the data directory is found.");
        command.SetAction(parse => NasflatCli.Guard(() =>
        {
            var health = TorchHealth.Check();
            AnsiConsole.MarkupLineInterpolated($"libtorch:   {health.LoadStatus}");
            AnsiConsole.MarkupLineInterpolated($"TorchSharp: {health.TorchSharpVersion}, {health.Threads} threads");
            AnsiConsole.MarkupLineInterpolated($"runtime:    {health.Runtime} on {health.Os}");
            AnsiConsole.MarkupLineInterpolated($"cpu:        {CpuFeatures.Current.Model}: {CpuFeatures.Current.Summary}");
            AnsiConsole.MarkupLineInterpolated($"precision:  {PrecisionChoice.Current.Reason}");
            bool gradientOk = Math.Abs(health.GradientCheck - 12) < 1e-9;
            AnsiConsole.MarkupLineInterpolated($"autograd:   d/dx Σx² at (1,2,3) sums to {health.GradientCheck} ({(gradientOk ? "ok" : "WRONG, expected 12")})");
            if (!gradientOk) throw new NasflatException("libtorch loaded but computed a wrong gradient.");
            var data = DataDirectory.Resolve(parse.GetValue(NasflatCli.DataOption));
            AnsiConsole.MarkupLineInterpolated($"data:       {data.Path} ({data.FoundBy})");
            string predictors = Nasflat.Prediction.ShippedPredictors.DefaultFolder() is { } folder ? folder : "none ship with this program (predict pretrains and caches its own)";
            AnsiConsole.MarkupLineInterpolated($"predictors: {predictors}");
        }));
        return command;
    }
}
