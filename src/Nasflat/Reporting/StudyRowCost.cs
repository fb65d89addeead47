using System.Globalization;
using Nasflat.Experiments;
using Nasflat.Spaces;
using Nasflat.Training;

namespace Nasflat.Reporting;

/// <summary>
/// What one study row cost on one space: the tasks it finished, the trials and pretraining architectures per source
/// device they ran with, and their run time summed over tasks (with several worker processes more than the wall-clock
/// time), on which CPU (the first run's, where a row was resumed) and in which training precision (each task's own, so a
/// row resumed on another kind of CPU shows both). Studies are run reduced where their full size does not fit, so the
/// report says what each row actually ran.
/// </summary>
public sealed record StudyRowCost(string Row, string Space, int Tasks, string Trials, string PretrainSamplesPerDevice, double TaskSeconds, string Machine)
{
    public static StudyRowCost Of(string row, SearchSpaceKind space, BenchmarkRun run)
    {
        static string Values<T>(IEnumerable<T> values) => string.Join("/", values.Distinct().Order().Select(v => string.Format(CultureInfo.InvariantCulture, "{0}", v)));
        string precisions = Values(run.Tasks.Select(t => t.Options.Training.TrainingPrecision == TrainingPrecision.BFloat16Mixed ? "bfloat16" : "float32"));
        return new StudyRowCost(row, space.Id(), run.Tasks.Count, Values(run.Tasks.Select(t => t.Options.Trials)),
            Values(run.Tasks.Select(t => t.Options.PretrainSamplesPerDevice)), run.Tasks.Sum(t => t.Result.TotalSeconds), $"{run.Environment.Cpu}, {precisions}");
    }
}
