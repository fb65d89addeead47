using BenchmarkDotNet.Running;

// Micro-benchmarks of the predictor's forward pass at the batch sizes Nasflat uses:
//   dotnet run -c Release --project benchmarks/Nasflat.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Nasflat.Benchmarks.PredictorForwardBenchmarks).Assembly).Run(args);
