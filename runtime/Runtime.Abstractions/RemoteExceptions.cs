using System.Collections.Concurrent;

namespace OrderGrains.Runtime;

/// <summary>
/// How exceptions cross process boundaries. A grain call that fails in another silo reaches the caller as the same
/// exception type when that type is known here: common .NET and runtime exceptions are built in, and domain
/// assemblies register their own (type name, message and an optional code travel; nothing else). Any other type
/// arrives as <see cref="RemoteGrainException"/> naming it.
/// </summary>
public static class RemoteExceptions
{
    private static readonly ConcurrentDictionary<string, Func<string, string?, Exception>> Decoders = new(StringComparer.Ordinal);

    static RemoteExceptions()
    {
        Register<ArgumentException>((message, _) => new ArgumentException(message));
        Register<ArgumentOutOfRangeException>((message, _) => new ArgumentOutOfRangeException(null, message));
        Register<ArgumentNullException>((message, _) => new ArgumentNullException(null, message));
        Register<InvalidOperationException>((message, _) => new InvalidOperationException(message));
        Register<NotSupportedException>((message, _) => new NotSupportedException(message));
        Register<KeyNotFoundException>((message, _) => new KeyNotFoundException(message));
        Register<TimeoutException>((message, _) => new TimeoutException(message));
        Register<OperationCanceledException>((message, _) => new OperationCanceledException(message));
        Register<TaskCanceledException>((message, _) => new TaskCanceledException(message));
        Register<SiloUnavailableException>((message, _) => new SiloUnavailableException(message));
        Register<PartitionLeaseLostException>((message, _) => new PartitionLeaseLostException(message));
    }

    /// <summary>Registers how to rebuild <typeparamref name="TException"/> from its message and code.</summary>
    public static void Register<TException>(Func<string, string?, TException> decode)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(decode);
        Decoders[typeof(TException).FullName!] = decode;
    }

    /// <summary>The code of an exception that carries one (a public string <c>Code</c> property), else null.</summary>
    public static string? CodeOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.GetType().GetProperty("Code")?.GetValue(exception) as string;
    }

    /// <summary>Rebuilds an exception sent by another process.</summary>
    public static Exception Decode(string typeName, string message, string? code) =>
        Decoders.TryGetValue(typeName, out var decode) ? decode(message, code) : new RemoteGrainException(typeName, message, code);
}

/// <summary>A grain call failed in another process with an exception type that is not known here.</summary>
public sealed class RemoteGrainException(string remoteType, string message, string? code) : Exception($"{remoteType}: {message}")
{
    /// <summary>Full name of the exception type thrown remotely.</summary>
    public string RemoteType { get; } = remoteType;

    /// <summary>Its code, if it had one.</summary>
    public string? Code { get; } = code;
}
