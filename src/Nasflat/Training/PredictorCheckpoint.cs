using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nasflat.IO;
using Nasflat.Models;
using Nasflat.Spaces;

namespace Nasflat.Training;

/// <summary>
/// What a saved predictor file says about itself: its format version, space, architecture options, the device
/// name of every embedding row it knows, the source devices it was pretrained on, its supplementary feature set,
/// and a SHA-256 of the weights.
/// </summary>
public sealed record PredictorCheckpoint(
    int Version,
    SearchSpaceKind Space,
    PredictorOptions Options,
    IReadOnlyList<string> Devices,
    IReadOnlyList<string> Sources,
    string? Supplementary,
    DateTimeOffset Created,
    string WeightsSha256)
{
    public const int CurrentVersion = 1;
    private static readonly byte[] Magic = "NASFLATP"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Saves a predictor atomically. Layout: "NASFLATP", int32 header length, UTF-8 JSON header, TorchSharp weights.
    /// </summary>
    /// <param name="devices">Device name of each embedding row the model was trained with (row = list position).</param>
    /// <param name="sources">The devices it was pretrained on.</param>
    public static PredictorCheckpoint Save(string path, NasflatPredictor model, SearchSpaceKind space, IReadOnlyList<string> devices,
        IReadOnlyList<string> sources, string? supplementary)
    {
        using var weights = new MemoryStream();
        using (var writer = new BinaryWriter(weights, Encoding.UTF8, leaveOpen: true)) model.save(writer);
        byte[] weightBytes = weights.ToArray();
        var checkpoint = new PredictorCheckpoint(CurrentVersion, space, model.Options, [.. devices], [.. sources], supplementary,
            DateTimeOffset.UtcNow, Convert.ToHexStringLower(SHA256.HashData(weightBytes)));
        byte[] header = JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json);
        AtomicFile.Write(path, temp =>
        {
            using var file = File.Create(temp);
            file.Write(Magic);
            file.Write(BitConverter.GetBytes(header.Length));
            file.Write(header);
            file.Write(weightBytes);
        });
        return checkpoint;
    }

    /// <summary>Loads a predictor, checking the format, version and weight checksum; errors name the file and the fix.</summary>
    public static (NasflatPredictor Model, PredictorCheckpoint Checkpoint) Load(string path)
    {
        if (!File.Exists(path)) throw new NasflatException($"Predictor file '{path}' not found.");
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new NasflatException($"'{path}' is not a Nasflat predictor file (it does not start with NASFLATP).");
        int headerLength = BitConverter.ToInt32(bytes, Magic.Length);
        int weightsStart = Magic.Length + 4 + headerLength;
        if (headerLength <= 0 || weightsStart > bytes.Length)
            throw new NasflatException($"'{path}' is truncated or corrupt (header length {headerLength}). Save the predictor again.");

        PredictorCheckpoint checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize<PredictorCheckpoint>(bytes.AsSpan(Magic.Length + 4, headerLength), Json)
                ?? throw new JsonException("empty header");
        }
        catch (JsonException e)
        {
            throw new NasflatException($"'{path}' has an unreadable header ({e.Message}). Save the predictor again.");
        }
        if (checkpoint.Version > CurrentVersion)
            throw new NasflatException($"'{path}' was written by a newer Nasflat (format {checkpoint.Version}); this version reads up to {CurrentVersion}. Upgrade Nasflat.");

        var weights = bytes.AsSpan(weightsStart);
        string actual = Convert.ToHexStringLower(SHA256.HashData(weights));
        if (actual != checkpoint.WeightsSha256)
            throw new NasflatException($"'{path}' is corrupt: its weights do not match their checksum. Save the predictor again.");

        Native.TorchRuntime.EnsureLoaded();
        var model = Tensors.SeededConstruction.Unseeded(() => new NasflatPredictor(checkpoint.Options)); // weights loaded below
        using var reader = new BinaryReader(new MemoryStream(weights.ToArray()));
        model.load(reader);
        return (model, checkpoint);
    }
}
