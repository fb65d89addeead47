using System.Security.Cryptography;
using System.Text;

namespace Nasflat.Training;

/// <summary>
/// Derives independent, reproducible seeds from one root seed and a path of names (e.g. task, trial, device), so
/// every random choice flows from the single seed a user gives, whatever the order things run in.
/// </summary>
public static class Seeds
{
    public static int Derive(int root, params object[] path)
    {
        string key = string.Join("/", path.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture)).Prepend(root.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return BitConverter.ToInt32(hash, 0) & int.MaxValue;
    }

    public static Random Random(int root, params object[] path) => new(Derive(root, path));
}
