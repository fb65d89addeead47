using System.Globalization;

namespace Nasflat;

/// <summary>
/// The checks option records run on themselves: each failure is one line that names the option (as its record and the
/// JSON of a report spell it, e.g. <c>Training.TransferEpochs</c>), the value and what is allowed.
/// </summary>
public static class OptionChecks
{
    public static void AtLeast(string name, int value, int minimum)
    {
        if (value < minimum) throw new NasflatException($"{name} must be at least {minimum} (got {value}).");
    }

    /// <summary>Several whole-number options of one record, named <paramref name="prefix"/> + name.</summary>
    public static void AtLeast(string prefix, params (string Name, int Value, int Minimum)[] checks)
    {
        foreach (var (name, value, minimum) in checks) AtLeast(prefix + name, value, minimum);
    }

    /// <summary>Several rates or sizes of one record that must be positive.</summary>
    public static void Positive(string prefix, params (string Name, double Value)[] checks)
    {
        foreach (var (name, value) in checks) Positive(prefix + name, value);
    }

    /// <summary>Several weights of one record that must be zero or more.</summary>
    public static void NotNegative(string prefix, params (string Name, double Value)[] checks)
    {
        foreach (var (name, value) in checks) NotNegative(prefix + name, value);
    }

    public static void Positive(string name, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new NasflatException($"{name} must be a positive number (got {value.ToString(CultureInfo.InvariantCulture)}).");
    }

    public static void NotNegative(string name, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new NasflatException($"{name} must be zero or more (got {value.ToString(CultureInfo.InvariantCulture)}).");
    }

    /// <summary>Strictly between 0 and 1.</summary>
    public static void Fraction(string name, double value)
    {
        if (!(value > 0 && value < 1))
            throw new NasflatException($"{name} must lie strictly between 0 and 1 (got {value.ToString(CultureInfo.InvariantCulture)}).");
    }

    public static void NotEmpty<T>(string name, IReadOnlyCollection<T> values)
    {
        if (values.Count == 0) throw new NasflatException($"{name} needs at least one entry.");
    }
}
