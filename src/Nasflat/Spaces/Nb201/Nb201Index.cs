namespace Nasflat.Spaces.Nb201;

/// <summary>
/// The NAS-Bench-201 architecture index (0..15624) shared by NAS-Bench-201, HW-NAS-Bench, HELP and NASFLAT:
/// all 5^6 genotypes in base-5 order, shuffled with Python's <c>random.seed(88)</c>.
/// </summary>
public static class Nb201Index
{
    private static readonly Lazy<(int[] CodeOfIndex, int[] IndexOfCode)> Tables = new(Build);

    public static Nb201Cell CellAt(int index)
    {
        if (index is < 0 or >= Nb201Cell.SpaceSize)
            throw new NasflatException($"NB201 index {index} is outside 0..{Nb201Cell.SpaceSize - 1}.");
        return Nb201Cell.FromGenotypeCode(Tables.Value.CodeOfIndex[index]);
    }

    public static int IndexOf(Nb201Cell cell) => Tables.Value.IndexOfCode[cell.GenotypeCode];

    /// <summary>The 24 cells that differ from this one on exactly one edge.</summary>
    public static IEnumerable<int> Neighbours(int index)
    {
        var ops = CellAt(index).Ops;
        for (int edge = 0; edge < Nb201Cell.EdgeCount; edge++)
        for (int op = 0; op < Nb201OpNames.All.Count; op++)
            if (op != (int)ops[edge]) yield return IndexOf(new Nb201Cell(ops.SetItem(edge, (Nb201Op)op)));
    }

    private static (int[], int[]) Build()
    {
        var codes = Enumerable.Range(0, Nb201Cell.SpaceSize).ToArray();
        new PythonRandom(88).Shuffle(codes);
        var inverse = new int[codes.Length];
        for (int index = 0; index < codes.Length; index++) inverse[codes[index]] = index;
        return (codes, inverse);
    }
}
