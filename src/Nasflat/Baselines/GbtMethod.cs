using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Nasflat.Encodings;
using Nasflat.Numerics;

using Nasflat.Methods;
using Nasflat.Experiments;

namespace Nasflat.Baselines;

/// <summary>
/// A LightGBM regressor (through ML.NET) on architecture features plus a device descriptor, fit on the source devices
/// and the target's k samples together. The descriptor of a device is its latencies on the target's k sampled
/// architectures, min–max scaled over those k, and the label is scaled the same way, so sources and target share one
/// scale and the trees can find the sources that behave like the target. It is refit for every target and k.
/// </summary>
public sealed class GbtMethod(GbtOptions options) : SingleScoreMethod
{
    private FeatureMatrix? _features;

    public override string Name => "gbt";

    public override void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation)
    {
        var names = options.Features ?? ["onehot", "zcp"];
        _features ??= FeatureMatrix.Concat("gbt", names.Select(n => FeatureCatalog.Build(context.Data, n)).ToList());
    }

    protected override float[] Score(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random)
    {
        var features = _features ?? throw new InvalidOperationException("Prepare must run before Predict.");
        var latency = context.Data.Latency;
        int width = features.Columns + sample.Count;
        var rows = new List<Row>();

        var sourceRows = new List<(int Source, int Architecture)>();
        foreach (int source in context.Sources)
        {
            if (!sample.All(a => latency.IsMeasured(a, source))) continue;
            var pool = context.Split.Pool(source).Where(a => latency.IsMeasured(a, source)).ToArray();
            new Random(context.Seed("gbt", source)).Shuffle(pool);
            sourceRows.AddRange(pool.Take(options.SourceArchitectures).Select(a => (source, a)));
        }
        double targetWeight = sourceRows.Count == 0 ? 1.0
            : options.TargetWeightShare / (1 - options.TargetWeightShare) * sourceRows.Count / sample.Count;
        foreach (var group in sourceRows.GroupBy(r => r.Source))
        {
            var scale = Scale.Of(latency, group.Key, sample);
            rows.AddRange(group.Select(r => scale.Example(features, r.Architecture, 1)));
        }
        var targetScale = Scale.Of(latency, target, sample);
        rows.AddRange(sample.Select(a => targetScale.Example(features, a, targetWeight)));

        var ml = new MLContext(context.Seed("gbt", latency.Devices[target].Name, sample.Count));
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumLeafExamples,
            ExampleWeightColumnName = nameof(Row.Weight),
            NumberOfThreads = 1,
            Seed = context.Seed("gbt-trees", latency.Devices[target].Name, sample.Count),
            Silent = true,
            Verbose = false,
        });
        var model = trainer.Fit(ml.Data.LoadFromEnumerable(rows, schema));

        var queries = architectures.Select(a => new Row { Features = [.. features.Row(a), .. targetScale.Descriptor], Weight = 1 });
        var scored = model.Transform(ml.Data.LoadFromEnumerable(queries, schema));
        return scored.GetColumn<float>("Score").ToArray();
    }

    /// <summary>A device's latencies scaled by their min and max over the sampled architectures, and the scaled samples themselves.</summary>
    private sealed record Scale(Data.LatencyMatrix Latency, int Device, MinMaxScale Fitted, float[] Descriptor)
    {
        public static Scale Of(Data.LatencyMatrix latency, int device, IReadOnlyList<int> sample)
        {
            var values = sample.Select(a => latency.Column(device)[a]).ToArray();
            var fitted = MinMaxScale.Fit(values);
            return new Scale(latency, device, fitted, values.Select(fitted.Apply).ToArray());
        }

        public Row Example(FeatureMatrix features, int architecture, double weight) => new()
        {
            Features = [.. features.Row(architecture), .. Descriptor],
            Label = Fitted.Apply(Latency.Column(Device)[architecture]),
            Weight = (float)weight,
        };
    }

    /// <summary>One training or query example as ML.NET reads it (public because ML.NET binds it by reflection).</summary>
    public sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
        public float Weight { get; set; }
    }
}
