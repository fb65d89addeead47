using System.Text.Json;
using Nasflat.Spaces;

namespace Nasflat.Tasks;

/// <summary>
/// Finds tasks by id (<c>nb201:ND</c>), by group (<c>nb201</c>, <c>fbnet</c>, <c>all</c>), or from a task file;
/// builds user tasks from device lists.
/// </summary>
public static class TaskCatalog
{
    /// <summary>
    /// Resolves a comma-separated list of task references: paper task ids (<c>nb201:N2</c>), a space name for all of
    /// its paper tasks, <c>all</c>, or paths of JSON task files.
    /// </summary>
    /// <summary>Exactly one task (a paper id or a task file); a list, a space or 'all' is a clear error.</summary>
    public static LatencyTask ResolveOne(string reference)
    {
        var tasks = Resolve(reference);
        return tasks.Count == 1 ? tasks[0]
            : throw new NasflatException($"'{reference}' names {tasks.Count} tasks; give exactly one, e.g. nb201:N2 or a task file.");
    }

    public static IReadOnlyList<LatencyTask> Resolve(string references)
    {
        var tasks = new List<LatencyTask>();
        foreach (string reference in references.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (reference.Equals("all", StringComparison.OrdinalIgnoreCase)) tasks.AddRange(PaperTasks.All);
            else if (reference.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) tasks.Add(TaskFile.Read(reference));
            else if (!reference.Contains(':'))
                tasks.AddRange(PaperTasks.All.Where(t => t.Space == SearchSpaceKindExtensions.ParseSpace(reference)));
            else tasks.Add(Find(reference));
        }
        if (tasks.Count == 0) throw new NasflatException($"No task in '{references}'.");
        return tasks.DistinctBy(t => t.Id).ToList();
    }

    public static LatencyTask Find(string id)
    {
        var match = PaperTasks.All.FirstOrDefault(t => string.Equals(t.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));
        return match ?? throw new NasflatException(
            $"Unknown task '{id}'. Paper tasks: {string.Join(", ", PaperTasks.All.Select(t => t.Id))}; " +
            "or give a task file (.json), or --train/--test device lists.");
    }

    /// <summary>A user task from device lists.</summary>
    public static LatencyTask Custom(SearchSpaceKind space, string name, IEnumerable<string> train, IEnumerable<string> test) =>
        new(space, name, [.. train.Select(d => d.Trim()).Where(d => d.Length > 0)], [.. test.Select(d => d.Trim()).Where(d => d.Length > 0)]);
}

/// <summary>
/// A task file: <c>{"space": "nb201", "name": "mine", "train": ["1080ti_1", ...], "test": ["pixel2", ...]}</c>.
/// </summary>
public static class TaskFile
{
    private sealed record Dto(string? Space, string? Name, string[]? Train, string[]? Test);

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, WriteIndented = true };

    public static LatencyTask Read(string path)
    {
        if (!File.Exists(path)) throw new NasflatException($"Task file '{path}' not found.");
        Dto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<Dto>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new NasflatException($"{path}:{(e.LineNumber ?? 0) + 1}: not a valid task file ({e.Message}). " +
                "Expected {\"space\": \"nb201\", \"name\": \"mine\", \"train\": [...], \"test\": [...]}.");
        }
        if (dto?.Space is null || dto.Train is null || dto.Test is null)
            throw new NasflatException($"{path}: a task file needs \"space\", \"train\" and \"test\" (and optionally \"name\").");
        string name = dto.Name ?? Path.GetFileNameWithoutExtension(path);
        return TaskCatalog.Custom(SearchSpaceKindExtensions.ParseSpace(dto.Space), name, dto.Train, dto.Test);
    }

    public static void Write(string path, LatencyTask task) =>
        IO.AtomicFile.WriteAllText(path, JsonSerializer.Serialize(
            new Dto(task.Space.Id(), task.Name, [.. task.Train], [.. task.Test]), Json));
}
