using Nasflat.Reporting;

namespace Nasflat.Tests.Reporting;

public class LodoReportTests
{
    [Fact]
    public void SummariesGiveMeanMedianAndWorstDecilePerMethodAndK()
    {
        var cells = Enumerable.Range(0, 11).Select(i => new LodoReport.Cell("m", $"d{i}", "lodo1", 5, 1, i / 10.0, i / 20.0, 0.1 * i, 0.5, 0.2, 0.4)).ToList();
        cells.Add(new LodoReport.Cell("other", "d0", "lodo1", 5, 1, 0.9, 0.8, null, null, null, null));
        var summaries = LodoReport.Summaries(cells);
        var m = summaries.Single(s => s.Method == "m");
        Assert.Equal(11, m.Targets);
        Assert.Equal(0.5, m.MeanRho, 12);
        Assert.Equal(0.5, m.MedianRho, 12);
        Assert.Equal(0.1, m.WorstDecileRho, 12); // 10th percentile of 0.0, 0.1, ..., 1.0
        Assert.Equal(0.5, m.MeanMape!.Value, 12);
        Assert.Null(summaries.Single(s => s.Method == "other").MeanMape);
        Assert.Equal("other", summaries[0].Method); // best mean ρ first
    }
}
