namespace Nasflat.Native;

/// <summary>libtorch or TorchSharp's native wrapper cannot be loaded; the message says what is missing and how to fix it.</summary>
public sealed class NativeLoadException(string message, Exception? inner = null) : Exception(message, inner);
