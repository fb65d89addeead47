using Nasflat.Data;
using Nasflat.Spaces;
using Nasflat.Spaces.Fbnet;

namespace Nasflat.Encodings;

/// <summary>The graph the learned encoders (arch2vec, CATE) read: the space's own encoding, except FBNet's layers form a chain.</summary>
internal static class EncoderGraph
{
    /// <summary>NASFLAT's FBNet graph has no edges (an identity adjacency); an encoder needs the data flow between layers.</summary>
    public static ArchGraph Of(SpaceData data, int index) =>
        data is FbnetData fbnet ? FbnetGraph.Encode(fbnet.Architectures[index], FbnetAdjacency.Chain) : data.Graph(index);

    public static int Vocabulary(SearchSpaceKind space) =>
        space == SearchSpaceKind.Nb201 ? Spaces.Nb201.Nb201Graph.OperationVocabulary.Count : FbnetOps.Count;

    /// <summary>
    /// FBNet's space has 9²² architectures and the data 5,000, so the encoders also train on random ones: these, drawn
    /// uniformly per layer from <paramref name="seed"/>.
    /// </summary>
    public static IEnumerable<FbnetArch> RandomFbnet(long seed, int count)
    {
        var random = new Random(unchecked((int)seed));
        for (int i = 0; i < count; i++)
            yield return new FbnetArch(Enumerable.Range(0, FbnetArch.LayerCount).Select(_ => (FbnetOp)random.Next(FbnetOps.Count)));
    }
}
