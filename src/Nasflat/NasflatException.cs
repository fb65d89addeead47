namespace Nasflat;

/// <summary>
/// A problem the user can fix (bad input, missing data, an unknown name). The message is meant to be shown as is:
/// it names the file, line and value involved and says how to fix it. Front ends print it without a stack trace.
/// </summary>
public class NasflatException(string message, Exception? inner = null) : Exception(message, inner);
