using Nasflat.IO;
using Nasflat.Tasks;
using ScottPlot;

namespace Nasflat.Reporting;

/// <summary>A train × test heat map of Spearman ρ for a task, with the values written in the cells.</summary>
public static class CorrelationHeatmap
{
    public static void Write(string path, TaskDifficulty difficulty)
    {
        var task = difficulty.Task;
        int rows = task.Train.Length, columns = task.Test.Length;
        // ScottPlot draws row 0 at the top; flip so the first train device is on top of the y axis too.
        var values = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) values[i, j] = difficulty.Correlations[rows - 1 - i, j];

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(Math.Min(0, values.Cast<double>().Min()), 1);
        plot.Add.ColorBar(heatmap).Label = "Spearman ρ";
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
            {
                var label = plot.Add.Text(values[i, j].ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), j, rows - 1 - i);
                label.LabelFontColor = values[i, j] > 0.6 ? Colors.Black : Colors.White;
                label.LabelAlignment = Alignment.MiddleCenter;
            }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            task.Test.Select((d, j) => new Tick(j, Short(d))).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            task.Train.Select((d, i) => new Tick(i, Short(d))).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.MinimumSize = 130;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Title($"{task.Id}: train × test ρ (difficulty {difficulty.Score:0.000})");
        plot.XLabel("test (target) devices");
        plot.YLabel("train (source) devices");
        AtomicFile.Write(path, temp => plot.SavePng(temp, 260 + 110 * columns, 320 + 40 * rows));
    }

    // LatBench names are long; keep the distinctive part.
    private static string Short(string device) => device.Replace("mobile_", "", StringComparison.Ordinal)
        .Replace("snapdragon_", "sd", StringComparison.Ordinal).Replace("embedded_", "", StringComparison.Ordinal)
        .Replace("desktop_", "", StringComparison.Ordinal).Replace("_int8", "", StringComparison.Ordinal);
}
