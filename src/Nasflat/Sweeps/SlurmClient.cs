using System.Diagnostics;
using System.Globalization;

namespace Nasflat.Sweeps;

/// <summary>
/// The SLURM commands a sweep uses (sbatch, sacct, scancel), run as processes. Where they are missing, submitting is
/// a clear error and accounting is simply not consulted.
/// </summary>
public static class SlurmClient
{
    /// <summary>Submits a batch script and returns its job id (<c>sbatch --parsable</c> prints "id" or "id;cluster").</summary>
    public static string Submit(string script, params string[] options)
    {
        var (code, output, error) = Run("sbatch", ["--parsable", .. options, script], TimeSpan.FromMinutes(2))
            ?? throw new NasflatException("sbatch was not found on PATH; run this on a SLURM login node, or add --dry-run to write the scripts only.");
        string id = output.Trim().Split('\n')[^1].Split(';')[0].Trim();
        if (code != 0 || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new NasflatException($"sbatch {string.Join(' ', options)} {script} failed (exit code {code}): {(error + output).Trim()}");
        return id;
    }

    /// <summary>Cancels jobs; a job that already ended is not an error.</summary>
    public static void Cancel(IEnumerable<string> jobs)
    {
        var ids = jobs.ToList();
        if (ids.Count > 0) Run("scancel", ids, TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// SLURM's accounting state (COMPLETED, FAILED, CANCELLED, TIMEOUT, RUNNING, PENDING …) of each job and array task,
    /// keyed "job" or "job_task"; null when sacct is missing or accounting is off.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? States(IEnumerable<string> jobs)
    {
        var ids = jobs.Distinct().ToList();
        if (ids.Count == 0) return new Dictionary<string, string>();
        var result = Run("sacct", ["-n", "-P", "-X", "-j", string.Join(',', ids), "--format=JobID,State"], TimeSpan.FromSeconds(30));
        return result is ({ } code, { } output, _) && code == 0 ? ParseStates(output) : null;
    }

    /// <summary>Reads sacct's "JobID|State" lines, expanding pending array ranges such as <c>12_[2-4,7]</c>.</summary>
    public static IReadOnlyDictionary<string, string> ParseStates(string sacctOutput)
    {
        var states = new Dictionary<string, string>();
        foreach (var line in sacctOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            if (fields.Length < 2) continue;
            string id = fields[0], state = fields[1].Split(' ')[0]; // "CANCELLED by 0" → CANCELLED
            int open = id.IndexOf("_[", StringComparison.Ordinal);
            if (open < 0)
            {
                states[id] = state;
                continue;
            }
            string job = id[..open];
            foreach (var range in id[(open + 2)..].TrimEnd(']').Split('%')[0].Split(','))
            {
                var ends = range.Split('-');
                if (!int.TryParse(ends[0], out int first) || !int.TryParse(ends[^1], out int last)) continue;
                for (int task = first; task <= last; task++) states[$"{job}_{task}"] = state;
            }
        }
        return states;
    }

    private static (int Code, string Output, string Error)? Run(string program, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }
        if (process is null) return null;
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new NasflatException($"{program} {string.Join(' ', args)} did not answer within {timeout.TotalSeconds:0} s; is slurmctld up?");
            }
            return (process.ExitCode, output.Result, error.Result);
        }
    }
}
