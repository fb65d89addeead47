using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Nasflat.Data;
using Nasflat.IO;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Nasflat.Training;
using Nasflat.Prediction;
using Nasflat.Experiments;

namespace Nasflat.Prediction;

/// <summary>
/// What a shipped predictor says about itself, next to it as <c>predictors/&lt;space&gt;.json</c>: the command that
/// rebuilds it, the recipe it was pretrained with (and that recipe's key), the checksums of the data files it was
/// trained on and of its own file, and where and how it was built.
/// </summary>
public sealed record ShippedPredictorManifest(
    int Version,
    SearchSpaceKind Space,
    string File,
    string FileSha256,
    string WeightsSha256,
    string RebuildCommand,
    string RecipeKey,
    ExperimentOptions Recipe,
    IReadOnlyList<string> Sources,
    IReadOnlyDictionary<string, string> DataSha256,
    string BuiltOn,
    string Precision,
    double Seconds,
    DateTimeOffset Built);

/// <summary>
/// The all-device predictors that ship with Nasflat, one per space, the way nn-Meter ships its predictors: pretrained
/// once on every device of the paper's pool by <c>nasflat predictors build</c>, committed under <c>predictors/</c> with
/// a manifest, and loaded by <c>nasflat predict</c>, so adapting to a new device needs no pretraining. They are built
/// in float32 (the reference arithmetic, available on every CPU); the precision of a later fine-tuning is that run's.
/// A file whose data or bytes do not match its manifest is refused with the command that rebuilds it.
/// </summary>
public static class ShippedPredictors
{
    public const string FolderName = "predictors";
    public const int CurrentVersion = 1;
    private static readonly JsonSerializerOptions Json = JsonFormat.Options;

    /// <summary>The command that rebuilds a space's predictor.</summary>
    public static string RebuildCommand(SearchSpaceKind space) => $"nasflat predictors build --space {space.Id()}";

    /// <summary>The folder that ships with Nasflat (next to the program, or in the checkout), or null.</summary>
    public static string? DefaultFolder() => BundledFolder.Find(FolderName)?.Path;

    public static string ManifestPath(string folder, SearchSpaceKind space) => Path.Combine(folder, $"{space.Id()}.json");

    /// <summary>The recipe of the shipped predictors: <c>predict</c>'s preset, pretrained in float32.</summary>
    public static ExperimentOptions Recipe(SearchSpaceKind space)
    {
        var options = ExperimentPresets.Predict(space);
        return options with { Training = options.Training with { TrainingPrecision = TrainingPrecision.Float32, InferencePrecision = InferencePrecision.Float32 } };
    }

    /// <summary>
    /// A key of everything that shapes pretrained weights: the model, the pretraining settings, the pretraining set,
    /// the seed, and each source device at its embedding row. Transfer settings and precision are left out: the
    /// first must not force a retrain, and the second is the arithmetic of the machine, not part of the recipe.
    /// </summary>
    public static string RecipeKey(SpaceData data, ExperimentOptions options)
    {
        // The shipped predictors are built in float32; the precision of the machine does not make another recipe.
        var pretraining = options.Training.PretrainingOnly() with { TrainingPrecision = TrainingPrecision.Float32 };
        var sources = AllDeviceSources(data);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            options.Predictor, Training = pretraining, options.Supplementary, options.PretrainSampler, options.PretrainSamplesPerDevice,
            options.Seed, options.FbnetAdjacency, Sources = sources.Select(s => $"{s}@{data.Latency.IndexOf(s)}"),
        }))))[..16];
    }

    /// <summary>The devices an all-device predictor is pretrained on: the paper's pool of the space.</summary>
    public static IReadOnlyList<string> AllDeviceSources(SpaceData data) =>
        data.Latency.Devices.Where(d => d.InPaperPool).Select(d => d.Name).ToList();

    /// <summary>SHA-256 of every file of the space's data folder, by path relative to the data directory.</summary>
    public static SortedDictionary<string, string> DataChecksums(DataDirectory directory, SearchSpaceKind space)
    {
        string folder = directory.File(space.Id());
        if (!Directory.Exists(folder)) throw new NasflatException($"The data directory {directory.Path} has no {space.Id()}/ folder.");
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            sums[$"{space.Id()}/{Path.GetFileName(file)}"] = FileSha256(file);
        return sums;
    }

    /// <summary>
    /// Pretrains the space's all-device predictor with <see cref="Recipe"/> and writes <c>&lt;space&gt;.nfp</c> and its
    /// manifest into <paramref name="folder"/> (both atomically; the manifest last, so a half-built pair is never valid).
    /// </summary>
    /// <param name="change">Changes the recipe (e.g. fewer epochs for a test); null builds the shipped recipe.</param>
    public static ShippedPredictorManifest Build(SpaceData data, DataDirectory directory, string folder, Func<ExperimentOptions, ExperimentOptions>? change = null,
        Action<int>? afterEpoch = null, CancellationToken cancellation = default)
    {
        var recipe = change?.Invoke(Recipe(data.Space)) ?? Recipe(data.Space);
        recipe.Validate();
        var sources = AllDeviceSources(data);
        var watch = Stopwatch.StartNew();
        string file = $"{data.Space.Id()}.nfp";
        string path = Path.Combine(folder, file);
        var checkpoint = PredictorWorkflow.Pretrain(data, new LatencyTask(data.Space, "all-known", [.. sources], []), recipe, path, afterEpoch, cancellation);
        var cpu = Native.CpuFeatures.Current;
        var manifest = new ShippedPredictorManifest(CurrentVersion, data.Space, file, FileSha256(path), checkpoint.WeightsSha256,
            RebuildCommand(data.Space), RecipeKey(data, recipe), recipe, sources, DataChecksums(directory, data.Space),
            $"{cpu.Model} ({Environment.ProcessorCount} cores; {cpu.Summary})", "float32", Math.Round(watch.Elapsed.TotalSeconds, 1), DateTimeOffset.UtcNow);
        AtomicFile.WriteAllText(ManifestPath(folder, data.Space), JsonSerializer.Serialize(manifest, Json) + "\n");
        return manifest;
    }

    /// <summary>Reads a space's manifest, or null when the folder has none.</summary>
    public static ShippedPredictorManifest? ReadManifest(string folder, SearchSpaceKind space)
    {
        string path = ManifestPath(folder, space);
        if (!System.IO.File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ShippedPredictorManifest>(System.IO.File.ReadAllText(path), Json)
                ?? throw new NasflatException($"{path} is empty. Rebuild it with `{RebuildCommand(space)}`.");
        }
        catch (JsonException e)
        {
            throw new NasflatException($"{path}, line {(e.LineNumber ?? 0) + 1}: not a predictor manifest ({e.Message}). Rebuild it with `{RebuildCommand(space)}`.");
        }
    }

    /// <summary>
    /// Why the shipped predictor cannot serve this data, or an empty list when it can: a missing or altered file, data
    /// files that differ from those it was trained on, or devices at other embedding rows. Each reason names the fix.
    /// </summary>
    public static IReadOnlyList<string> Problems(ShippedPredictorManifest manifest, string folder, SpaceData data, DataDirectory directory)
    {
        var problems = new List<string>();
        string rebuild = $"rebuild it with `{manifest.RebuildCommand}`";
        string path = Path.Combine(folder, manifest.File);
        if (manifest.Version > CurrentVersion)
            problems.Add($"{ManifestPath(folder, manifest.Space)} was written by a newer Nasflat (format {manifest.Version}); upgrade Nasflat or {rebuild}.");
        if (!System.IO.File.Exists(path)) problems.Add($"{path} is missing; {rebuild}.");
        else if (FileSha256(path) != manifest.FileSha256) problems.Add($"{path} does not match the checksum in its manifest (altered or corrupt); {rebuild}.");

        var now = DataChecksums(directory, manifest.Space);
        foreach (var (name, sum) in manifest.DataSha256)
            if (!now.TryGetValue(name, out var current)) problems.Add($"it was trained with {name}, which {directory.Path} lacks; {rebuild}.");
            else if (current != sum) problems.Add($"{Path.Combine(directory.Path, name)} differs from the file it was trained on (SHA-256 {sum[..12]}…, now {current[..12]}…); {rebuild}.");
        foreach (string name in now.Keys.Except(manifest.DataSha256.Keys))
            problems.Add($"{Path.Combine(directory.Path, name)} is new since it was built; {rebuild}.");

        foreach (string source in manifest.Sources)
            if (!data.Latency.Contains(source))
                problems.Add($"its source device '{source}' is not in the data; {rebuild}.");
        if (problems.Count == 0 && RecipeKey(data, manifest.Recipe) != manifest.RecipeKey)
            problems.Add($"its recipe key does not match this version of Nasflat's reading of the data (devices at other rows?); {rebuild}.");
        return problems;
    }

    /// <summary>
    /// The shipped predictor for a prediction with these options: its path, or null (with the reason) when none ships
    /// here or the options ask for another pretraining recipe, in which case the caller pretrains one. A shipped
    /// predictor that does not match its data is refused with the command that rebuilds it.
    /// </summary>
    public static (string? Path, string Reason) ForPrediction(SpaceData data, DataDirectory directory, ExperimentOptions options, string? folder = null)
    {
        folder ??= DefaultFolder();
        if (folder is null) return (null, $"no {FolderName}/ folder ships with this program");
        if (ReadManifest(folder, data.Space) is not { } manifest) return (null, $"{folder} holds no {data.Space.Id()} predictor");
        string path = Path.Combine(folder, manifest.File);
        if (RecipeKey(data, options) != manifest.RecipeKey)
            return (null, $"the pretraining options differ from those of the shipped {path}");
        var problems = Problems(manifest, folder, data, directory);
        if (problems.Count > 0)
            throw new NasflatException($"The shipped predictor {path} cannot be used: {string.Join(" ", problems.Take(3))}" +
                (problems.Count > 3 ? $" ({problems.Count - 3} more.)" : "") + " Or pass --model with a predictor from `nasflat pretrain`.");
        return (path, $"shipped predictor {path}, pretrained on {manifest.Sources.Count} devices");
    }

    private static string FileSha256(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
