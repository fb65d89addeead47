using System.Text.Json;
using Nasflat.IO;

namespace Nasflat.Sweeps;

/// <summary>
/// One submission of a sweep to SLURM, kept in the run folder (<c>slurm/jobs.json</c>, newest last): the array job,
/// the shards it ran and the join job that depends on it. <c>sweep status</c> asks sacct about them.
/// </summary>
public sealed record SlurmSubmission(string ArrayJob, IReadOnlyList<int> Shards, string JoinJob, DateTimeOffset Submitted)
{
    public static string PathIn(string run) => Path.Combine(SlurmScripts.FolderIn(run), "jobs.json");

    public static IReadOnlyList<SlurmSubmission> ReadAll(string run)
    {
        string path = PathIn(run);
        if (!File.Exists(path)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<SlurmSubmission>>(File.ReadAllText(path), JsonFormat.Options) ?? [];
        }
        catch (JsonException e)
        {
            throw new NasflatException($"{path} is not a list of SLURM submissions (line {e.LineNumber + 1}: {e.Message}); fix or delete it.");
        }
    }

    public static void Append(string run, SlurmSubmission submission) =>
        AtomicFile.WriteAllText(PathIn(run), JsonSerializer.Serialize(ReadAll(run).Append(submission).ToList(), JsonFormat.Options));

    /// <summary>The array task that ran a shard most recently ("job_shard"), or null when no submission ran it.</summary>
    public static string? LatestJobOf(IReadOnlyList<SlurmSubmission> submissions, int shard) =>
        submissions.LastOrDefault(s => s.Shards.Contains(shard)) is { } s ? $"{s.ArrayJob}_{shard}" : null;
}
