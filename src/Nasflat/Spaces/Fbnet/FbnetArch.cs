using System.Collections.Immutable;
using System.Globalization;

namespace Nasflat.Spaces.Fbnet;

/// <summary>An FBNet architecture: one block choice per searchable layer (22 layers).</summary>
public sealed record FbnetArch
{
    public const int LayerCount = 22;

    public ImmutableArray<FbnetOp> Ops { get; }

    public FbnetArch(IEnumerable<FbnetOp> ops)
    {
        Ops = ops.ToImmutableArray();
        if (Ops.Length != LayerCount)
            throw new NasflatException($"An FBNet architecture has {LayerCount} layers; {Ops.Length} operations were given.");
        foreach (var op in Ops)
            if (!Enum.IsDefined(op)) throw new NasflatException($"Invalid FBNet operation code {(int)op}; codes are 0..8.");
    }

    public FbnetOp this[int layer] => Ops[layer];

    /// <summary>The op indices joined by '_' (e.g. <c>7_8_1_...</c>), the key used by HELP's and NASFLAT's files.</summary>
    public string OpKey => string.Join("_", Ops.Select(op => (int)op));

    public override string ToString() => OpKey;

    /// <summary>
    /// Parses 22 operations given as indices or names, separated by '_', ',' or spaces
    /// (e.g. <c>7_8_1_...</c> or <c>k5_e6,skip,...</c>).
    /// </summary>
    public static FbnetArch Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim().Trim('[', ']');
        bool named = trimmed.Any(char.IsLetter);
        // Names contain '_', so named lists must use ',' or spaces as separators.
        char[] separators = named ? [',', ' '] : ['_', ',', ' '];
        var tokens = trimmed.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length != LayerCount)
            throw Invalid(text, $"expected {LayerCount} operations, found {tokens.Length}");
        var ops = new FbnetOp[LayerCount];
        for (int layer = 0; layer < LayerCount; layer++)
        {
            string token = tokens[layer];
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code < FbnetOps.Count)
                ops[layer] = (FbnetOp)code;
            else if (FbnetOps.TryParse(token, out var op))
                ops[layer] = op;
            else
                throw Invalid(text, $"layer {layer}: '{token}' is neither an op index 0..8 nor one of {string.Join(", ", FbnetOps.All)}");
        }
        return new FbnetArch(ops);
    }

    public bool Equals(FbnetArch? other) => other is not null && Ops.SequenceEqual(other.Ops);
    public override int GetHashCode() => OpKey.GetHashCode(StringComparison.Ordinal);

    private static NasflatException Invalid(string text, string problem) =>
        new($"Invalid FBNet architecture '{text}': {problem}. Example: 7_8_1_8_4_8_8_8_7_4_1_4_7_3_2_7_3_2_4_2_4_5");
}
