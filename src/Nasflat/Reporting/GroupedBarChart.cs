using Nasflat.IO;
using ScottPlot;

namespace Nasflat.Reporting;

/// <summary>Grouped bars of ρ-like values in [0, 1]: one group per row label, one bar per series; written atomically as PNG.</summary>
public static class GroupedBarChart
{
    public sealed record Series(string Label, Color Color, IReadOnlyList<double?> Values);

    /// <param name="legend">Where inside the plot the legend goes; null puts it outside, on the right.</param>
    public static void Write(string path, IReadOnlyList<string> rowLabels, IReadOnlyList<Series> series, string yLabel, string title,
        Alignment? legend, int pixelsPerRow)
    {
        var plot = new Plot();
        double width = 0.8 / series.Count;
        for (int s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            for (int i = 0; i < rowLabels.Count; i++)
                if (series[s].Values[i] is { } value)
                    bars.Add(new Bar { Position = i + (s - (series.Count - 1) / 2.0) * width, Value = value, FillColor = series[s].Color, Size = width });
            plot.Add.Bars(bars).LegendText = series[s].Label;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(rowLabels.Select((label, i) => new Tick(i, label)).ToArray());
        bool many = pixelsPerRow < 80; // narrow groups: rotate the labels so they do not overlap
        plot.Axes.Bottom.TickLabelStyle.Rotation = many ? 45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = many ? Alignment.MiddleLeft : Alignment.UpperCenter;
        plot.Axes.SetLimitsY(0, 1.05);
        plot.YLabel(yLabel);
        plot.Title(title);
        // No alignment: the legend goes outside, right of the plot, where it cannot hide bars.
        if (legend is { } inside) plot.ShowLegend(inside);
        else plot.ShowLegend(Edge.Right);
        int pixelsWide = Math.Max(640, pixelsPerRow * rowLabels.Count + 160);
        AtomicFile.Write(path, temp => plot.SavePng(temp, pixelsWide, 480));
    }
}
