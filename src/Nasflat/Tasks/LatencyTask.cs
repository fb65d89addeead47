using System.Collections.Immutable;
using Nasflat.Data;
using Nasflat.Spaces;

namespace Nasflat.Tasks;

/// <summary>
/// A few-shot latency-prediction task: pretrain on the train (source) devices, transfer to each test (target)
/// device from k measurements. Addressed as <c>space:name</c>, e.g. <c>nb201:ND</c>.
/// </summary>
public sealed record LatencyTask(SearchSpaceKind Space, string Name, ImmutableArray<string> Train, ImmutableArray<string> Test)
{
    public string Id => $"{Space.Id()}:{Name}";

    /// <summary>Checks the task against the data: every device exists, none is listed twice or on both sides.</summary>
    public LatencyTask Validate(LatencyMatrix latency)
    {
        if (latency.Space != Space) throw new NasflatException($"Task {Id} is for {Space.Id()}, but the data is {latency.Space.Id()}.");
        if (Train.IsEmpty) throw new NasflatException($"Task {Id} has no train devices.");
        if (Test.IsEmpty) throw new NasflatException($"Task {Id} has no test devices.");
        foreach (string device in Train.Concat(Test)) latency.IndexOf(device);
        var duplicate = Train.Concat(Test).GroupBy(d => d).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new NasflatException($"Task {Id} lists device '{duplicate.Key}' more than once (a device is either train or test, once).");
        return this;
    }

    public override string ToString() => $"{Id} ({Train.Length} train → {Test.Length} test)";
}
