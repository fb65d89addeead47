using System.Globalization;
using Nasflat.Experiments;
using Nasflat.Spaces;

namespace Nasflat.Reporting;

/// <summary>
/// What one study row cost on one space: the tasks it finished, the trials and pretraining architectures per source
/// device they ran with, and their run time summed over tasks (with several worker processes more than the wall-clock
/// time), on which CPU and in which precision. Studies are run reduced where their full size does not fit, so the
/// report says what each row actually ran.
/// </summary>
public sealed record StudyRowCost(string Row, string Space, int Tasks, string Trials, string PretrainSamplesPerDevice, double TaskSeconds, string Machine)
{
    public static StudyRowCost Of(string row, SearchSpaceKind space, BenchmarkRun run)
    {
        static string Values(IEnumerable<int> values) => string.Join("/", values.Distinct().Order().Select(v => v.ToString(CultureInfo.InvariantCulture)));
        var environment = run.Environment;
        // The precision is recorded with its reason ("bfloat16 (auto: …)"); the table keeps the first word.
        string machine = environment.Precision is { Length: > 0 } precision ? $"{environment.Cpu}, {precision.Split(" (")[0]}" : environment.Cpu;
        return new StudyRowCost(row, space.Id(), run.Tasks.Count, Values(run.Tasks.Select(t => t.Options.Trials)),
            Values(run.Tasks.Select(t => t.Options.PretrainSamplesPerDevice)), run.Tasks.Sum(t => t.Result.TotalSeconds), machine);
    }
}
