namespace Nasflat.Data;

/// <summary>A device name that the data does not contain; the message suggests the closest known names.</summary>
public sealed class UnknownDeviceException(string name, string space, IEnumerable<string> known)
    : NasflatException(Describe(name, space, known.ToList()))
{
    public string Name { get; } = name;

    private static string Describe(string name, string space, IReadOnlyList<string> known)
    {
        var close = known.OrderBy(k => EditDistance(name.ToLowerInvariant(), k.ToLowerInvariant())).Take(3).ToList();
        return $"Unknown device '{name}' in {space}. Did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}? " +
               $"Run `nasflat data summary` to list all {known.Count} devices.";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
