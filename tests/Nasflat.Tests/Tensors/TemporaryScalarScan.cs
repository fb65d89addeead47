using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Nasflat.Tests.Tensors;

/// <summary>
/// Finds, in compiled code, the calls that hand libtorch a TorchSharp <c>Scalar</c> that nobody holds: an implicit
/// conversion (<c>x.mul(0.5)</c>), or a TorchSharp method that makes one inside (<c>a + b</c> is <c>a.add(b, 1)</c>).
/// Such a scalar is unreachable once its handle is passed on, so a garbage collection during the native call can
/// finalise it while libtorch still reads it (see <see cref="Nasflat.Tensors.SafeArithmetic"/>).
/// </summary>
public static class TemporaryScalarScan
{
    private const string TorchSharp = "TorchSharp";
    private const int TorchSharpDepth = 3;

    /// <summary>One call that makes a temporary scalar: where it is, and why.</summary>
    public sealed record Finding(string Method, string Where, string Why)
    {
        public override string ToString() => $"{Where}: {Method}: {Why}";
    }

    /// <param name="typeFilter">Only types whose full name passes it (default: every type).</param>
    public static IReadOnlyList<Finding> Find(string assemblyPath, Func<string, bool>? typeFilter = null)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(assemblyPath)!);
        var parameters = new ReaderParameters { AssemblyResolver = resolver, ReadSymbols = File.Exists(Path.ChangeExtension(assemblyPath, ".pdb")) };
        using var module = ModuleDefinition.ReadModule(assemblyPath, parameters);
        var memo = new Dictionary<MethodDefinition, string?>();
        var findings = new List<Finding>();
        foreach (var type in AllTypes(module.Types).Where(t => typeFilter?.Invoke(t.FullName) ?? true))
            foreach (var method in type.Methods.Where(m => m.HasBody))
                foreach (var instruction in method.Body.Instructions)
                {
                    if (instruction.Operand is not MethodReference callee || !IsCall(instruction.OpCode)) continue;
                    string? why = IsImplicitScalar(callee) ? $"implicit conversion to Scalar ({callee.Parameters[0].ParameterType.Name})"
                        : callee.DeclaringType.Scope.Name == TorchSharp && TorchSharpMakesTemporary(callee.Resolve(), TorchSharpDepth, memo) is { } inner
                            ? $"{Describe(callee)} makes a temporary Scalar inside ({inner})"
                            : null;
                    if (why is not null) findings.Add(new Finding($"{type.FullName}::{method.Name}", Where(method, instruction), why));
                }
        return findings;
    }

    private static bool IsCall(OpCode code) => code == OpCodes.Call || code == OpCodes.Callvirt || code == OpCodes.Newobj;

    private static bool IsImplicitScalar(MethodReference method) =>
        method.Name == "op_Implicit" && method.DeclaringType.FullName == "TorchSharp.Scalar" && method.ReturnType.FullName == "TorchSharp.Scalar";

    private static bool IsToScalar(MethodReference method) =>
        method.Name == "ToScalar" && method.DeclaringType.FullName == "TorchSharp.ScalarExtensionMethods";

    private static bool IsScalarDispose(MethodReference method) =>
        method.Name == "Dispose" && method.DeclaringType.FullName == "TorchSharp.Scalar";

    /// <summary>
    /// Why a TorchSharp method makes a scalar it does not dispose (directly, or through the TorchSharp methods it
    /// calls, up to <paramref name="depth"/> levels), or null when it does not.
    /// </summary>
    private static string? TorchSharpMakesTemporary(MethodDefinition? method, int depth, Dictionary<MethodDefinition, string?> memo)
    {
        if (method is null || !method.HasBody || depth == 0) return null;
        if (memo.TryGetValue(method, out var known)) return known;
        memo[method] = null; // recursion guard
        var calls = method.Body.Instructions.Where(i => IsCall(i.OpCode) && i.Operand is MethodReference).Select(i => (MethodReference)i.Operand).ToList();
        string? why = null;
        if (!calls.Any(IsScalarDispose) && calls.FirstOrDefault(c => IsImplicitScalar(c) || IsToScalar(c)) is { } maker)
            why = $"{Describe(method)} calls {maker.Name}";
        else
            foreach (var callee in calls.Where(c => c.DeclaringType.Scope.Name == TorchSharp || c.DeclaringType.Module == method.Module))
                if (!IsImplicitScalar(callee) && !IsToScalar(callee) && TorchSharpMakesTemporary(callee.Resolve(), depth - 1, memo) is { } inner)
                {
                    why = inner;
                    break;
                }
        memo[method] = why;
        return why;
    }

    private static string Describe(MethodReference method) =>
        $"{method.DeclaringType.Name}.{method.Name}({string.Join(", ", method.Parameters.Select(p => p.ParameterType.Name))})";

    private static string Where(MethodDefinition method, Instruction instruction)
    {
        var points = method.DebugInformation.HasSequencePoints ? method.DebugInformation.SequencePoints : null;
        var point = points?.LastOrDefault(p => p.Offset <= instruction.Offset && !p.IsHidden);
        return point is null ? $"IL_{instruction.Offset:x4}" : $"{Path.GetFileName(point.Document.Url)}:{point.StartLine}";
    }

    private static IEnumerable<TypeDefinition> AllTypes(IEnumerable<TypeDefinition> types) =>
        types.SelectMany(t => AllTypes(t.NestedTypes).Prepend(t));
}
