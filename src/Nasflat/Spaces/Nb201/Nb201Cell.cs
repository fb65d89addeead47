using System.Collections.Immutable;

namespace Nasflat.Spaces.Nb201;

/// <summary>
/// One NAS-Bench-201 cell: the operation on each of the six edges, in arch-string order
/// (1←0, 2←0, 2←1, 3←0, 3←1, 3←2).
/// </summary>
public sealed record Nb201Cell
{
    public const int EdgeCount = 6;
    public const int SpaceSize = 15625; // 5^6

    /// <summary>The (destination, source) node pair of each edge position.</summary>
    public static ImmutableArray<(int To, int From)> Edges { get; } = [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)];

    public ImmutableArray<Nb201Op> Ops { get; }

    public Nb201Cell(IEnumerable<Nb201Op> ops)
    {
        Ops = ops.ToImmutableArray();
        if (Ops.Length != EdgeCount)
            throw new NasflatException($"An NB201 cell has {EdgeCount} edges; {Ops.Length} operations were given.");
        foreach (var op in Ops)
            if (!Enum.IsDefined(op)) throw new NasflatException($"Invalid NB201 operation code {(int)op}; codes are 0..4.");
    }

    public Nb201Op this[int edge] => Ops[edge];

    /// <summary>Position in NAS-Bench-201's unshuffled enumeration (edge 0 most significant, base 5).</summary>
    public int GenotypeCode => Ops.Aggregate(0, (code, op) => code * 5 + (int)op);

    public static Nb201Cell FromGenotypeCode(int code)
    {
        if (code is < 0 or >= SpaceSize) throw new NasflatException($"Genotype code {code} is outside 0..{SpaceSize - 1}.");
        var ops = new Nb201Op[EdgeCount];
        for (int edge = EdgeCount - 1; edge >= 0; edge--, code /= 5) ops[edge] = (Nb201Op)(code % 5);
        return new Nb201Cell(ops);
    }

    public int CountOf(Nb201Op op) => Ops.Count(o => o == op);

    /// <summary>The standard arch string, e.g. <c>|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|...|</c>.</summary>
    public override string ToString()
    {
        var groups = new[] { "|", "|", "|" };
        for (int e = 0; e < EdgeCount; e++)
        {
            var (to, from) = Edges[e];
            groups[to - 1] += $"{Ops[e].Name()}~{from}|";
        }
        return string.Join("+", groups);
    }

    /// <summary>Parses an arch string; the error names the faulty token and lists what is valid.</summary>
    public static Nb201Cell Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        var groups = s.Split('+');
        if (groups.Length != 3)
            throw Invalid(text, $"expected 3 node groups separated by '+', found {groups.Length}");
        var ops = new List<Nb201Op>(EdgeCount);
        for (int node = 1; node <= 3; node++)
        {
            string group = groups[node - 1];
            if (group.Length < 2 || group[0] != '|' || group[^1] != '|')
                throw Invalid(text, $"group {node} '{group}' must start and end with '|'");
            var tokens = group[1..^1].Split('|');
            if (tokens.Length != node)
                throw Invalid(text, $"node {node} must have {node} incoming edge(s), group '{group}' has {tokens.Length}");
            for (int source = 0; source < node; source++)
            {
                string token = tokens[source];
                var parts = token.Split('~');
                if (parts.Length != 2)
                    throw Invalid(text, $"token '{token}' must look like 'op~source'");
                if (!Nb201OpNames.TryParse(parts[0], out var op))
                    throw Invalid(text, $"unknown operation '{parts[0]}' on the edge {source}→{node}; valid: {string.Join(", ", Nb201OpNames.All)}");
                if (parts[1] != source.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    throw Invalid(text, $"token '{token}' must come from node {source} (edges of a node are listed by source 0, 1, ...)");
                ops.Add(op);
            }
        }
        return new Nb201Cell(ops);
    }

    public static bool TryParse(string text, out Nb201Cell? cell)
    {
        try
        {
            cell = Parse(text);
            return true;
        }
        catch (NasflatException)
        {
            cell = null;
            return false;
        }
    }

    /// <summary>True when some path from the input to the output avoids <c>none</c> edges.</summary>
    public bool IsConnected
    {
        get
        {
            var reached = new bool[4];
            reached[0] = true;
            for (int e = 0; e < EdgeCount; e++)
            {
                var (to, from) = Edges[e];
                if (Ops[e] != Nb201Op.None && reached[from]) reached[to] = true;
            }
            return reached[3];
        }
    }

    public bool Equals(Nb201Cell? other) => other is not null && Ops.SequenceEqual(other.Ops);
    public override int GetHashCode() => GenotypeCode;

    private static NasflatException Invalid(string text, string problem) => new(
        $"Invalid NB201 architecture '{text}': {problem}. Example of a valid string: " +
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
}
