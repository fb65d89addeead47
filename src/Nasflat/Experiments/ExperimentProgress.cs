namespace Nasflat.Experiments;

/// <summary>Progress of a running experiment, in work units, labelled by the task (and method) and stage.</summary>
public readonly record struct ExperimentProgress(string Task, string Stage, long Done, long Total);
