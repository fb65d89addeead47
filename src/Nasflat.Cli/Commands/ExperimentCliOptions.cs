using System.CommandLine;
using Nasflat.Data;
using Nasflat.Encodings;
using Nasflat.Experiments;
using Nasflat.Native;
using Nasflat.Spaces;

namespace Nasflat.Cli.Commands;

/// <summary>
/// The experiment options of every command that trains predictors, made from the library's settings table
/// (<see cref="ExperimentSettings"/>): one command-line option per setting, whose help shows the command's preset value.
/// </summary>
internal static class ExperimentCliOptions
{
    private const string PresetName = "--preset";
    private const string QuickName = "--quick";

    /// <summary>Adds <c>--preset</c>, <c>--quick</c> and every setting; help shows the values of <paramref name="preset"/> (default: Nasflat's).</summary>
    public static void AddTo(Command command, Func<SearchSpaceKind, ExperimentOptions>? preset = null, bool environmentPrecision = true)
    {
        command.Options.Add(new Option<string?>(PresetName)
        {
            Description = $"Starting configuration: {string.Join(" or ", ExperimentPresets.Names)} (nasflat: the paper's recipe plus the structural prior; " +
                "paper: the recipe alone).",
        });
        command.Options.Add(new Option<bool>(QuickName) { Description = "Smoke-test version of the preset: few epochs, one trial." });
        var maker = new OptionMaker(Defaults(preset ?? ExperimentPresets.Headline, environmentPrecision));
        foreach (var setting in ExperimentSettings.All) command.Options.Add(setting.Accept(maker));
    }

    /// <summary>
    /// The preset for a space (the command's, or the one --preset names; shortened by --quick), in the precision of the
    /// run's environment unless the command keeps float32, with the user's settings applied and checked.
    /// </summary>
    public static ExperimentOptions For(ParseResult parse, DataCatalog catalog, SearchSpaceKind space, Func<SearchSpaceKind, ExperimentOptions>? preset = null,
        bool environmentPrecision = true)
    {
        var command = parse.CommandResult.Command;
        if (parse.GetValue<string?>(PresetName) is { } named) preset = ExperimentPresets.Named(named);
        var options = (preset ?? ExperimentPresets.Headline)(space);
        if (parse.GetValue<bool>(QuickName)) options = ExperimentPresets.Quicken(options);
        if (environmentPrecision) options = ExperimentPresets.ForEnvironment(options, PrecisionChoice.Current);
        foreach (var setting in ExperimentSettings.All)
        {
            var option = command.Options.First(o => o.Name == setting.Name);
            if (parse.GetResult(option) is { Implicit: false }) options = setting.Accept(new Applier(parse, option, options));
        }
        return ExperimentSettings.WithSupplementaryWidth(options, name => FeatureCatalog.Build(catalog.Space(space), name).Columns);
    }

    /// <summary>The preset of each space as help shows it; an unusable NASFLAT_PRECISION is reported when a command runs, not here.</summary>
    private static Func<SearchSpaceKind, ExperimentOptions> Defaults(Func<SearchSpaceKind, ExperimentOptions> preset, bool environmentPrecision) => space =>
    {
        if (!environmentPrecision) return preset(space);
        try
        {
            return ExperimentPresets.ForEnvironment(preset(space), PrecisionChoice.Current);
        }
        catch (NasflatException)
        {
            return preset(space);
        }
    };

    /// <summary>A typed option per setting, its help ending with the preset's value for each space.</summary>
    private sealed class OptionMaker(Func<SearchSpaceKind, ExperimentOptions> preset) : IExperimentSettingVisitor<Option>
    {
        public Option Visit<T>(ExperimentSetting<T> setting)
        {
            string nb201 = setting.Show(preset(SearchSpaceKind.Nb201)), fbnet = setting.Show(preset(SearchSpaceKind.Fbnet));
            string defaults = nb201 == fbnet ? $"default {nb201}" : $"default NB201 {nb201}, FBNet {fbnet}";
            return new Option<T>(setting.Name) { Description = $"{setting.Description} ({defaults})" };
        }
    }

    /// <summary>Applies a setting the user gave, with its typed value.</summary>
    private sealed class Applier(ParseResult parse, Option option, ExperimentOptions options) : IExperimentSettingVisitor<ExperimentOptions>
    {
        public ExperimentOptions Visit<T>(ExperimentSetting<T> setting) => setting.Apply(options, parse.GetValue((Option<T>)option)!);
    }
}
