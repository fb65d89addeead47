using Nasflat.Data;
using Nasflat.Experiments;
using Nasflat.Tasks;
using Nasflat.Sweeps;

namespace Nasflat.Runs;

/// <summary>
/// A benchmark run as planned: its tasks with their checked options and its methods, and its work as units (one trial
/// of one task, all methods) with a rough cost each, which worker processes and shards split between them.
/// </summary>
public sealed class RunPlan(DataCatalog catalog, IReadOnlyList<(LatencyTask Task, ExperimentOptions Options)> planned, IReadOnlyList<string> methods)
{
    public IReadOnlyList<(LatencyTask Task, ExperimentOptions Options)> Planned { get; } = planned;
    public IReadOnlyList<string> Methods { get; } = methods;

    /// <summary>Checks every task, option and method (<see cref="Benchmark.Plan"/>) and plans the run.</summary>
    public static RunPlan Create(DataCatalog catalog, IReadOnlyList<LatencyTask> tasks, IReadOnlyList<string> methods, Func<LatencyTask, ExperimentOptions> optionsFor) =>
        new(catalog, Benchmark.Plan(catalog, tasks, methods, optionsFor), methods);

    /// <summary>Every trial of every task as a unit of work, in plan order.</summary>
    public IReadOnlyList<WorkUnit> Units() =>
        [.. from index in Enumerable.Range(0, Planned.Count)
            let p = Planned[index]
            from t in p.Options.TrialIndices
            select new WorkUnit(index, t, EstimatedCost(p.Task, p.Options, Methods) / p.Options.TrialIndices.Count)];

    /// <summary>Whether every method's part of the unit is saved in the run folder.</summary>
    public bool IsDone(WorkUnit unit, RunParts parts) =>
        Methods.All(m => parts.Find(Planned[unit.Task].Task, m, Planned[unit.Task].Options, unit.Trial) is not null);

    /// <summary>The units of one shard of the whole run; every shard computes the same split (<see cref="WorkSplit"/>).</summary>
    public IReadOnlyList<WorkUnit> UnitsOf(Shard shard) => WorkSplit.Assign(Units(), shard.Count)[shard.Number - 1];

    /// <summary>The shards of a sweep of <paramref name="shards"/> that run any of the units, in order (one split for all of them).</summary>
    public IReadOnlyList<Shard> ShardsOf(IEnumerable<WorkUnit> units, int shards)
    {
        var split = WorkSplit.Assign(Units(), shards);
        var wanted = units.Select(u => (u.Task, u.Trial)).ToHashSet();
        return [.. Enumerable.Range(0, split.Count).Where(s => split[s].Any(u => wanted.Contains((u.Task, u.Trial)))).Select(s => new Shard(s + 1, shards))];
    }

    /// <summary>
    /// A rough cost for scheduling: graph nodes processed in NASFLAT's pretraining and whole-space evaluations. The
    /// baselines are counted as a tenth of NASFLAT each (their networks are small MLPs, trees or lookups).
    /// </summary>
    public double EstimatedCost(LatencyTask task, ExperimentOptions options, IReadOnlyList<string> methods)
    {
        double nasflat = EstimatedCost(task, options);
        return methods.SelectMany(FewShotMethods.Members).Sum(m => m is FewShotMethods.Nasflat or Nasflat.Methods.NasflatMethod.MixtureVariant ? nasflat : nasflat / 10);
    }

    /// <summary>NASFLAT's share of <see cref="EstimatedCost(LatencyTask, ExperimentOptions, IReadOnlyList{string})"/>.</summary>
    public double EstimatedCost(LatencyTask task, ExperimentOptions options)
    {
        var data = catalog.Space(task.Space);
        double nodes = data.Graph(0).NodeCount;
        double pretrain = 3.0 * options.Training.PretrainEpochs * options.PretrainSamplesPerDevice * task.Train.Length;
        double evaluate = (double)task.Test.Length * options.K.Count * options.Training.EvaluationEpochs * data.ArchitectureCount;
        return options.TrialIndices.Count * nodes * (pretrain + evaluate);
    }
}
