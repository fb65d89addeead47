using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nasflat.IO;

/// <summary>The one JSON format of every file Nasflat writes: indented, enums as names, NaN and ±∞ allowed.</summary>
public static class JsonFormat
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
