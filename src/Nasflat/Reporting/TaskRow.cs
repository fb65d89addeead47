using System.Globalization;
using Nasflat.Experiments;

namespace Nasflat.Reporting;

/// <summary>A number the paper publishes, with the k it was measured at (null when the paper does not say).</summary>
public sealed record PaperNumber(double Mean, double? Std, int? K)
{
    public static PaperNumber? Of(PaperReference.Value? value) => value is null ? null : new(value.Mean, value.Std, value.K);

    /// <summary>"0.948", or "0.948 (k = 10)" when the paper measured it at another k than the row's.</summary>
    public string Text(int rowK) => K is { } k && k != rowK
        ? $"{TaskRow.F(Mean)} (k = {k})"
        : Std is { } std ? $"{TaskRow.F(Mean)} ± {TaskRow.F(std)}" : TaskRow.F(Mean);
}

/// <summary>
/// One method on one task at one k: what every rendering of a benchmark shows (console table, Markdown, CSV, JSON, the
/// chart). <see cref="Paper"/> is the paper's number for the same method under the same protocol; the difference to it
/// exists only where the paper measured the same k, otherwise the row says at which k the paper measured.
/// </summary>
public sealed record TaskRow(
    string Task, string Method, EvaluationProtocol Protocol, int K, int Trials, MeanStd Spearman, double StrictSpearman, double KendallTau,
    double PrecisionTop10, PaperNumber? Paper, PaperNumber? PaperNasflat, PaperNumber? PaperHelp, PaperNumber? PaperMultiPredict,
    double PretrainSeconds, double TotalSeconds)
{
    /// <summary>Ours minus the paper's, only where the paper measured the same method, protocol and k.</summary>
    public double? DeltaVsPaper => Paper is { } p && (p.K is null || p.K == K) ? Spearman.Mean - p.Mean : null;

    /// <summary>The Δ cell: "+0.004", "paper: k = 10" where the paper measured another k, or "–".</summary>
    public string DeltaText => DeltaVsPaper is { } d ? d.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)
        : Paper?.K is { } k ? $"paper: k = {k}" : "–";

    /// <summary>Every task, method and k of a run, in the run's order.</summary>
    public static IReadOnlyList<TaskRow> Of(BenchmarkRun run, PaperReference paper) =>
        [.. from t in run.Tasks
            from k in t.Result.Ks
            select new TaskRow(t.Task.Id, t.Method, t.Options.Protocol, k, t.Result.Trials.Where(r => r.K == k).Select(r => r.Trial).Distinct().Count(),
                t.Result.Spearman(k), t.Result.Score(k, d => d.SpearmanExcludingSamples).Mean, t.Result.Score(k, d => d.KendallTau).Mean,
                t.Result.Score(k, d => d.PrecisionAtTop10).Mean, PaperNumber.Of(SameMethod(paper, t)),
                PaperNumber.Of(paper.Task(t.Task.Id, "NASFLAT")), PaperNumber.Of(paper.Task(t.Task.Id, "HELP")),
                PaperNumber.Of(paper.Task(t.Task.Id, "MultiPredict")), t.Result.PretrainSeconds, t.Result.TotalSeconds)];

    /// <summary>The paper's number for the run's own method on its task (HELP's protocol has its own published value).</summary>
    public static PaperReference.Value? SameMethod(PaperReference paper, BenchmarkTaskRun run)
    {
        if (PaperReference.PaperName(run.Method) is not { } name) return null;
        if (run.Options.Protocol == EvaluationProtocol.Help) name += " (own protocol)";
        return paper.Task(run.Task.Id, name);
    }

    /// <summary>The headers of <see cref="Cells"/>, shared by the console table and the Markdown report.</summary>
    public static readonly string[] Headers =
        ["task", "method", "k", "ours ρ", "paper (same method)", "Δ vs paper", "paper NASFLAT", "paper HELP", "paper MultiPredict",
         "strict ρ", "Kendall τ", "p@top-10%", "trials", "wall time"];

    /// <summary>The row as text, one cell per <see cref="Headers"/> entry.</summary>
    public IReadOnlyList<string> Cells() =>
    [
        Task, Method, K.ToString(CultureInfo.InvariantCulture), $"{F(Spearman.Mean)} ± {F(Spearman.Std)}", Paper?.Text(K) ?? "–", DeltaText,
        PaperNasflat?.Text(K) ?? "–", PaperHelp?.Text(K) ?? "–", PaperMultiPredict?.Text(K) ?? "–",
        F(StrictSpearman), F(KendallTau), F(PrecisionTop10), Trials.ToString(CultureInfo.InvariantCulture), $"{TotalSeconds:0} s",
    ];

    /// <summary>
    /// The CSV header of <see cref="CsvValues"/>: raw numbers, the paper's k beside each paper number. Wall times are
    /// left to timings.csv, so the same seeds give a byte-identical tasks.csv however the run was split or resumed.
    /// </summary>
    public static readonly string[] CsvHeaders =
        ["task", "method", "protocol", "k", "trials", "spearman", "spearman_std", "spearman_excluding_samples", "kendall_tau", "precision_top10",
         "paper_same_method", "paper_same_method_k", "delta_vs_paper", "paper_nasflat", "paper_help", "paper_multipredict"];

    public object?[] CsvValues() =>
    [
        Task, Method, Protocol, K, Trials, Spearman.Mean, Spearman.Std, StrictSpearman, KendallTau, PrecisionTop10,
        Paper?.Mean, Paper?.K, DeltaVsPaper, PaperNasflat?.Mean, PaperHelp?.Mean, PaperMultiPredict?.Mean,
    ];

    internal static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("0.000", CultureInfo.InvariantCulture);
}
