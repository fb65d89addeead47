using Nasflat.Cli;
using Nasflat.Encodings;
using Nasflat.Experiments.Studies;
using Nasflat.Sampling;
using Nasflat.Spaces;

namespace Nasflat.Tests.Experiments;

public class StudyCatalogTests
{
    [Fact]
    public void TheSixStudiesCarryThePapersNumbers()
    {
        Assert.Equal(["gnn", "hw-embedding", "samplers", "encodings", "pretrain-size", "components"], StudyCatalog.All.Select(s => s.Name));
        double Paper(string study, string row, int k, string task) => StudyCatalog.Find(study).Paper.Single(p => p.Row == row && p.K == k && p.Task == task).Value;
        Assert.Equal(0.965, Paper("gnn", "GAT", 20, "nb201:ND"));
        Assert.Equal(0.802, Paper("gnn", "DGF", 20, "nb201:N2"));
        Assert.Equal(0.845, Paper("hw-embedding", "op-wise, transfer", 20, "fbnet:FD"));
        Assert.Equal(0.067, Paper("samplers", "cate", 20, "fbnet:FA"));
        Assert.Equal(0.969, Paper("encodings", "+ZCP", 20, "fbnet:FD"));
        Assert.Equal(0.821, Paper("pretrain-size", "CAZ @ 16", 20, "nb201:N1-N4"));
        Assert.Equal(0.857, Paper("components", "+Suppl. encoding", 20, "nb201:N2"));
        Assert.Throws<NasflatException>(() => StudyCatalog.Find("nope"));
        // With the CATE-style encoder every row of the paper's tables runs.
        Assert.All(StudyCatalog.All.SelectMany(s => s.Rows), row => Assert.Null(row.Unavailable));
        var samplers = StudyCatalog.Find("samplers");
        Assert.Equal(["random", "params", "latency", "arch2vec", "cate", "zcp", "CAZ"], samplers.Rows.Select(r => r.Name));
        Assert.Contains("kmeans:cate", samplers.BenchArguments(samplers.Rows.Single(r => r.Name == "cate"), SearchSpaceKind.Fbnet));
        Assert.Contains("kmeans:caz", samplers.BenchArguments(samplers.Rows.Single(r => r.Name == "CAZ"), SearchSpaceKind.Nb201));
    }

    [Fact]
    public void EveryRowIsAValidBenchCommandOnEverySpace()
    {
        var samplerKinds = SamplerFactory.Kinds.Select(k => k.Split(':')[0]).ToHashSet();
        foreach (var study in StudyCatalog.All)
            foreach (var row in study.Rows.Where(r => r.Unavailable is null))
                foreach (var space in study.Spaces)
                {
                    var args = study.BenchArguments(row, space);
                    Assert.Equal(["--preset", "paper"], args.Take(2)); // studies reproduce the paper's recipe, not Nasflat's default
                    var parse = NasflatCli.Build().Parse(["bench", "-t", string.Join(",", study.TasksOf(space)), .. args]);
                    Assert.True(parse.Errors.Count == 0, $"{study.Name} / {row.Name} / {space}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
                    for (int i = 0; i + 1 < args.Count; i++)
                    {
                        string value = args[i + 1];
                        if (args[i] is "--sampler" or "--pretrain-sampler")
                        {
                            var parts = value.Split(':');
                            Assert.Contains(parts[0], samplerKinds);
                            if (parts.Length == 2) Assert.Contains(parts[1], FeatureCatalog.Names(space));
                        }
                        if (args[i] == "--supplementary" && value != "none") Assert.Contains(value, FeatureCatalog.Names(space));
                    }
                    // Each option once: bench refuses a single-valued option given twice.
                    var options = args.Where(a => a.StartsWith('-')).ToList();
                    Assert.Equal(options.Count, options.Distinct().Count());
                }
    }

    [Fact]
    public void OverridesReplaceTheStudysOptionAndKeepTheRest()
    {
        var gnn = StudyCatalog.Find("gnn");
        var dgf = gnn.Rows.Single(r => r.Name == "DGF");
        var args = gnn.BenchArguments(dgf, SearchSpaceKind.Nb201, ["--pretrain-samples", "64", "--transfer-lr", "3e-3"]);
        Assert.Equal(["64"], ValuesOf(args, "--pretrain-samples"));
        Assert.Equal(["3e-3"], ValuesOf(args, "--transfer-lr"));
        Assert.Equal(ValuesOf(gnn.BenchArguments(dgf, SearchSpaceKind.Nb201), "--gnn"), ValuesOf(args, "--gnn"));
        Assert.Equal(["5,10,20"], ValuesOf(args, "-k"));

        var quick = StudyDefinition.Override(["--trials", "3", "--sampler", "random"], ["--quick"]);
        Assert.Equal(["--sampler", "random", "--quick"], quick);
        Assert.Equal(["--sampler", "random", "--trials", "1", "--quick"], StudyDefinition.Override(["--trials", "3", "--sampler", "random"], ["--trials", "1", "--quick"]));
        Assert.Throws<NasflatException>(() => StudyDefinition.Override(["64"], []));
    }

    private static List<string> ValuesOf(IReadOnlyList<string> args, string option) =>
        args.Select((a, i) => (a, i)).Where(x => x.a == option).Select(x => args[x.i + 1]).ToList();
}
