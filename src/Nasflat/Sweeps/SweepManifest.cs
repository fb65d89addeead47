using System.Text.Json;
using System.Text.Json.Serialization;
using Nasflat.IO;

namespace Nasflat.Sweeps;

/// <summary>
/// What a run folder split into shards is: the nasflat command every shard runs (without its shard, output folder,
/// processes or threads) and the number of shards. The first shard to start writes it; every later one checks that it
/// runs the same command in the same number of shards, so parts of different sweeps never mix in one folder.
/// <c>nasflat report</c> and <c>nasflat sweep status</c> read it to know what the run is.
/// </summary>
/// <param name="Arguments">The command as given, starting with its name (<c>bench</c> or <c>study</c>).</param>
public sealed record SweepManifest(IReadOnlyList<string> Arguments, int Shards)
{
    public const string FileName = "sweep.json";

    /// <summary>Options that differ between the shards of one sweep, or between a shard and the join, and so are not part of it.</summary>
    private static readonly string[] WithValue = ["--shard", "-o", "--out", "-p", "--processes", "--threads", "--trial-subsets"];
    private static readonly string[] Flags = ["--progress-lines", "--join"];

    [JsonIgnore]
    public string Command => Arguments.Count > 0 ? Arguments[0] : "";

    /// <summary>The command as the user would type it.</summary>
    [JsonIgnore]
    public string CommandLine => "nasflat " + string.Join(' ', Arguments.Select(Shell.Quote));

    public static string PathIn(string run) => Path.Combine(run, FileName);

    /// <summary>The sweep's command from a command line: the options that are per shard removed, the rest in order.</summary>
    public static IReadOnlyList<string> SweepArguments(IReadOnlyList<string> tokens)
    {
        var kept = new List<string>();
        for (int i = 0; i < tokens.Count; i++)
        {
            string name = tokens[i].Split('=', ':')[0];
            if (Flags.Contains(tokens[i])) continue;
            if (WithValue.Contains(name))
            {
                if (name == tokens[i]) i++; // the value is the next token ("--shard 2/3"), not glued on ("--shard=2/3")
                continue;
            }
            kept.Add(tokens[i]);
        }
        return kept;
    }

    /// <summary>The run folder's manifest, or null when the folder is not a sweep.</summary>
    public static SweepManifest? Read(string run)
    {
        string path = PathIn(run);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<SweepManifest>(File.ReadAllText(path), JsonFormat.Options) is { Arguments.Count: > 0, Shards: > 0 } manifest
                ? manifest : throw new NasflatException($"{path} is not a sweep manifest (it needs Arguments and Shards ≥ 1); delete it or use another run folder.");
        }
        catch (JsonException e)
        {
            throw new NasflatException($"{path} is not a sweep manifest (line {e.LineNumber + 1}: {e.Message}); delete it or use another run folder.");
        }
    }

    /// <summary>
    /// Makes <paramref name="run"/> this sweep's folder: writes the manifest, or checks that the one there is the same
    /// sweep (a clear error naming both commands when it is not).
    /// </summary>
    public void Claim(string run)
    {
        if (Read(run) is { } existing)
        {
            if (existing.Shards == Shards && existing.Arguments.SequenceEqual(Arguments)) return;
            throw new NasflatException($"{Path.GetFullPath(run)} holds a sweep of `{existing.CommandLine}` in {existing.Shards} shard(s); this is " +
                $"`{CommandLine}` in {Shards}. Run this one into another folder (-o), or run the same command with --shard i/{existing.Shards}.");
        }
        AtomicFile.WriteAllText(PathIn(run), JsonSerializer.Serialize(this, JsonFormat.Options));
    }
}
