namespace Nasflat.Sweeps;

/// <summary>
/// The resources and places an array job asks SLURM for. One CPU per shard by default: a shard runs its trials in
/// single-threaded worker processes (so the numbers do not depend on how the run was split), and one shard per trial
/// is the default split.
/// </summary>
/// <param name="DataFolder">Exported as NASFLAT_DATA in the jobs (null: the jobs see what the submitting shell saw, or the shipped data).</param>
/// <param name="CacheFolder">Exported as NASFLAT_PRETRAIN_CACHE: shards then share pretrained predictors, e.g. between a sweep and its rerun.</param>
/// <param name="ExtraSbatch">Further sbatch options, one per line of the scripts (e.g. --qos=long, --constraint=avx512).</param>
public sealed record SlurmSettings(int CpusPerTask = 1, string Memory = "6G", string Time = "04:00:00", string? Partition = null, string? Account = null,
    string? DataFolder = null, string? CacheFolder = null, IReadOnlyList<string>? ExtraSbatch = null)
{
    public void Validate()
    {
        if (CpusPerTask < 1) throw new NasflatException($"--cpus-per-task {CpusPerTask}: a shard needs at least 1 CPU.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(Memory, "^[0-9]+[KMGT]?$"))
            throw new NasflatException($"--mem '{Memory}' is not a SLURM memory size; write e.g. 6G or 8000M.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(Time, @"^([0-9]+-)?[0-9]+(:[0-9]{2}){0,2}$"))
            throw new NasflatException($"--time '{Time}' is not a SLURM time limit; write e.g. 04:00:00, 90 (minutes) or 1-12:00:00.");
        foreach (var extra in ExtraSbatch ?? [])
            if (!extra.StartsWith('-') || extra.Contains('\n'))
                throw new NasflatException($"--sbatch '{extra}' is not an sbatch option; write it as sbatch takes it, e.g. --sbatch=--qos=long.");
    }
}
