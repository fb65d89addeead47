using System.Text;
using Nasflat.IO;

namespace Nasflat.Sweeps;

/// <summary>
/// The two batch scripts of a sweep, written into its run folder (<c>slurm/</c>): an array job with one task per shard,
/// each running the sweep's command with <c>--shard $SLURM_ARRAY_TASK_ID/n</c>, and a join job that writes the report
/// once every shard succeeded. A shard can be resubmitted alone with the same array script (<c>sbatch --array=3</c>).
/// </summary>
public static class SlurmScripts
{
    public static string FolderIn(string run) => Path.Combine(run, "slurm");
    public static string ArrayScript(string run) => Path.Combine(FolderIn(run), "shards.sbatch");
    public static string JoinScript(string run) => Path.Combine(FolderIn(run), "join.sbatch");

    /// <param name="nasflat">How to start this nasflat (its executable, and its assembly when it runs under the dotnet host).</param>
    /// <param name="workingDirectory">Where the jobs start, so relative paths in the command mean what they meant here.</param>
    public static void Write(string run, SweepManifest manifest, SlurmSettings settings, IReadOnlyList<string> nasflat, string workingDirectory)
    {
        settings.Validate();
        run = Path.GetFullPath(run);
        string name = "nasflat-" + Path.GetFileName(run.TrimEnd('/'));
        string logs = Path.Combine(FolderIn(run), "logs");
        Directory.CreateDirectory(logs);

        var shards = Header($"One array task per shard of `{manifest.CommandLine}` ({manifest.Shards} shards).", name, settings, settings.CpusPerTask, settings.Memory, settings.Time);
        shards.AppendLine($"#SBATCH --array=1-{manifest.Shards}");
        shards.AppendLine($"#SBATCH --output={Path.Combine(logs, "shard-%a.out")}");
        shards.AppendLine("#SBATCH --open-mode=append"); // a resubmitted shard's log continues the first one's
        Body(shards, settings, workingDirectory);
        shards.AppendLine($"exec {Command(nasflat)} {string.Join(' ', manifest.Arguments.Select(Shell.Quote))} --out {Shell.Quote(run)} " +
            $"--shard \"$SLURM_ARRAY_TASK_ID/{manifest.Shards}\" --processes \"${{SLURM_CPUS_PER_TASK:-1}}\"");
        WriteExecutable(ArrayScript(run), shards.ToString());

        // Joining reads the parts and draws the report: minutes at most, one CPU.
        var join = Header($"Joins the shards of `{manifest.CommandLine}` into one report; submitted with --dependency=afterok on the array.",
            name + "-join", settings, 1, "4G", "01:00:00");
        join.AppendLine($"#SBATCH --output={Path.Combine(logs, "join.out")}");
        join.AppendLine("#SBATCH --open-mode=append");
        Body(join, settings, workingDirectory);
        join.AppendLine($"exec {Command(nasflat)} report {Shell.Quote(run)}");
        WriteExecutable(JoinScript(run), join.ToString());
    }

    private static StringBuilder Header(string what, string name, SlurmSettings settings, int cpus, string memory, string time)
    {
        var text = new StringBuilder("#!/bin/bash\n");
        text.AppendLine($"# Written by `nasflat sweep slurm`. {what}");
        text.AppendLine($"#SBATCH --job-name={name}");
        text.AppendLine($"#SBATCH --cpus-per-task={cpus}");
        text.AppendLine($"#SBATCH --mem={memory}");
        text.AppendLine($"#SBATCH --time={time}");
        if (settings.Partition is { } partition) text.AppendLine($"#SBATCH --partition={partition}");
        if (settings.Account is { } account) text.AppendLine($"#SBATCH --account={account}");
        foreach (var extra in settings.ExtraSbatch ?? []) text.AppendLine($"#SBATCH {extra}");
        return text;
    }

    private static void Body(StringBuilder text, SlurmSettings settings, string workingDirectory)
    {
        text.AppendLine("set -euo pipefail");
        text.AppendLine($"cd {Shell.Quote(Path.GetFullPath(workingDirectory))}");
        if (settings.DataFolder is { } data) text.AppendLine($"export NASFLAT_DATA={Shell.Quote(Path.GetFullPath(data))}");
        if (settings.CacheFolder is { } cache) text.AppendLine($"export NASFLAT_PRETRAIN_CACHE={Shell.Quote(Path.GetFullPath(cache))}");
    }

    private static string Command(IReadOnlyList<string> nasflat) => string.Join(' ', nasflat.Select(Shell.Quote));

    private static void WriteExecutable(string path, string text)
    {
        AtomicFile.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
    }
}

/// <summary>Bash quoting for the scripts: plain words stay as they are, anything else is single-quoted.</summary>
internal static class Shell
{
    public static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:,=@+%".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''")}'";
}
