using System.Reflection;
using System.Text.Json;
using Nasflat.Spaces;

namespace Nasflat.Experiments.Studies;

/// <summary>One configuration of a study: `nasflat bench` arguments common to both spaces and per space.</summary>
public sealed record StudyRow(string Name, IReadOnlyList<string>? Arguments = null, IReadOnlyList<string>? Nb201 = null, IReadOnlyList<string>? Fbnet = null,
    string? Unavailable = null, string? Note = null)
{
    public IReadOnlyList<string> ArgumentsFor(SearchSpaceKind space) =>
        [.. Arguments ?? [], .. (space == SearchSpaceKind.Nb201 ? Nb201 : Fbnet) ?? []];
}

/// <summary>A number from the paper's study table: ρ of one row on one task (or task group) at one k.</summary>
public sealed record PaperStudyValue(string Row, int K, string Task, double Value);

/// <summary>
/// One of the paper's ablation studies (spec §8.3–§8.8): the settings every row shares (`nasflat bench` arguments),
/// the rows, the tasks, and the paper's numbers. <see cref="Aggregates"/> name task groups the paper reports as one
/// mean (e.g. "nb201:N1-N4").
/// </summary>
public sealed record StudyDefinition(
    string Name, string Title, string Section, string Reading,
    IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string[]>? SpaceArguments,
    IReadOnlyList<string> Tasks, IReadOnlyDictionary<string, string[]>? Aggregates,
    IReadOnlyList<StudyRow> Rows, IReadOnlyList<PaperStudyValue> Paper)
{
    public IEnumerable<SearchSpaceKind> Spaces => Tasks.Select(t => SearchSpaceKindExtensions.ParseSpace(t.Split(':')[0])).Distinct();

    public IReadOnlyList<string> TasksOf(SearchSpaceKind space) => Tasks.Where(t => t.StartsWith(space.Id() + ":", StringComparison.Ordinal)).ToList();

    /// <summary>The complete `nasflat bench` arguments of a row on one space (tasks and output excluded).</summary>
    public IReadOnlyList<string> BenchArguments(StudyRow row, SearchSpaceKind space, IReadOnlyList<string>? overrides = null) =>
        Override(["--preset", "paper", .. Arguments, .. SpaceArguments?.GetValueOrDefault(space.Id()) ?? [], .. row.ArgumentsFor(space)], overrides ?? []);

    /// <summary>
    /// Bench arguments with a user's replacements: every option in <paramref name="overrides"/> removes the same option
    /// (and its value) from <paramref name="arguments"/> and is appended, because bench refuses an option given twice.
    /// <c>--quick</c> also removes <c>--trials</c>, since the quick preset's single trial is the point of it.
    /// </summary>
    public static IReadOnlyList<string> Override(IReadOnlyList<string> arguments, IReadOnlyList<string> overrides)
    {
        var replaced = Options(overrides).Select(o => o.Name).ToHashSet();
        if (replaced.Contains("--quick") && !replaced.Contains("--trials")) replaced.Add("--trials");
        return [.. Options(arguments).Where(o => !replaced.Contains(o.Name)).SelectMany(o => o.Tokens), .. overrides];
    }

    // An option is a token starting with '-' followed by '-' or a letter; the tokens up to the next option are its values.
    private static List<(string Name, List<string> Tokens)> Options(IReadOnlyList<string> arguments)
    {
        var options = new List<(string Name, List<string> Tokens)>();
        foreach (string token in arguments)
        {
            bool isOption = token.Length > 1 && token[0] == '-' && (token[1] == '-' || char.IsLetter(token[1]));
            if (isOption) options.Add((token, [token]));
            else if (options.Count > 0) options[^1].Tokens.Add(token);
            else throw new NasflatException($"Bench argument '{token}' is a value without an option before it; write options as '--name value'.");
        }
        return options;
    }

    public IReadOnlyList<int> Ks => Paper.Select(p => p.K).Distinct().Order().ToList();

    /// <summary>The report's columns: the tasks, or the task groups when the paper reports groups.</summary>
    public IReadOnlyList<string> Columns => Aggregates is { Count: > 0 } ? [.. Aggregates.Keys] : Tasks;
}

/// <summary>The six studies of the paper, embedded with their numbers (PaperStudies.json, generated from the spec).</summary>
public static class StudyCatalog
{
    private static readonly Lazy<IReadOnlyList<StudyDefinition>> Studies = new(Load);

    public static IReadOnlyList<StudyDefinition> All => Studies.Value;

    public static StudyDefinition Find(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new NasflatException($"Unknown study '{name}'. Studies: {string.Join(", ", All.Select(s => s.Name))}.");

    private sealed record Catalog(string Source, List<StudyDefinition> Studies);

    private static IReadOnlyList<StudyDefinition> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Nasflat.Experiments.Studies.PaperStudies.json")
            ?? throw new InvalidOperationException("The embedded study reference is missing.");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        return JsonSerializer.Deserialize<Catalog>(stream, options)!.Studies;
    }
}
