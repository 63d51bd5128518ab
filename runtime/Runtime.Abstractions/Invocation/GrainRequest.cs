using System.Text.Json;
using OrderGrains.Runtime.Internal;

namespace OrderGrains.Runtime.Invocation;

/// <summary>
/// One call to a grain method: the message, its arguments and the caller's pending result in one object.
/// Generated code derives a sealed class per interface method; the runtime routes, schedules and completes it.
/// </summary>
public abstract class GrainRequest : TurnContext
{
    private int _completed;

    /// <summary>The grain interface that declares the method.</summary>
    public abstract Type InterfaceType { get; }

    /// <summary>The method name.</summary>
    public abstract string MethodName { get; }

    /// <summary>Index of the method among its interface's methods (tells overloads apart on the wire).</summary>
    public virtual int MethodOrdinal => 0;

    /// <summary>Identity of the method on the wire: interface, name and ordinal.</summary>
    public string WireMethod => GrainRegistry.WireMethod(InterfaceType, MethodName, MethodOrdinal);

    /// <summary>Scheduling properties from the method's attributes.</summary>
    public virtual RequestOptions Options => RequestOptions.None;

    /// <summary>Deadline from <see cref="ResponseTimeoutAttribute"/>, or null for the runtime default.</summary>
    public virtual TimeSpan? ResponseTimeout => null;

    /// <summary>The caller's cancellation token, when the method takes one.</summary>
    public virtual CancellationToken CancellationToken => default;

    /// <summary>Number of arguments (cancellation tokens excluded).</summary>
    public abstract int ArgumentCount { get; }

    /// <summary>Returns argument <paramref name="index"/>, boxed (for filters and diagnostics; not used on the call path).</summary>
    public abstract object? GetArgument(int index);

    /// <summary>The called grain.</summary>
    public GrainId TargetId { get; internal set; }

    /// <summary>True once the caller has its outcome (result, exception, timeout or cancellation).</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary><c>Interface.Method</c>, for messages and metrics.</summary>
    public string FullMethodName => $"{InterfaceType.Name}.{MethodName}";

    /// <summary>The outcome as an object (for filters); setting it replaces a successful result.</summary>
    public abstract object? Result { get; set; }

    /// <summary>The exception the call failed with, if any.</summary>
    public Exception? Exception { get; internal set; }

    /// <summary>Absolute deadline as a <see cref="TimeProvider.GetTimestamp"/> value; <see cref="long.MaxValue"/> for none.</summary>
    internal long DeadlineTimestamp = long.MaxValue;

    /// <summary>The deadline that applies, for the timeout message.</summary>
    internal TimeSpan Timeout;

    /// <summary>Registration of the caller's cancellation token, disposed when the request finishes.</summary>
    internal CancellationTokenRegistration CancellationRegistration;

    /// <summary>
    /// The silo's count of failed write transactions when the call entered it: if it has changed when the answer leaves
    /// the grains, the answer may depend on a write that was not stored.
    /// </summary>
    internal long StorageFailuresAtEntry;

    /// <summary>When outgoing filters observe the call, the callee's outcome completes this instead of the caller.</summary>
    internal TaskCompletionSource? Interceptor;

    /// <summary>
    /// The answer stays in the silo and what the caller stores next is queued behind the callee's writes (a stream
    /// delivery and its checkpoint), so it need not wait until they are durable.
    /// </summary>
    internal bool AnswersWithinSilo { get; init; }

    /// <summary>Writes the arguments as a JSON array, for a call that leaves the process. Generated for grain methods.</summary>
    public virtual void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{FullMethodName} is a runtime request that never leaves its silo.");

    /// <summary>Reads the arguments written by <see cref="WriteArguments"/>. Generated for grain methods.</summary>
    public virtual void ReadArguments(JsonElement arguments, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{FullMethodName} is a runtime request that never leaves its silo.");

    /// <summary>Gives a request that arrived from another process the token of its call (generated when the method takes one).</summary>
    public virtual void SetCancellationToken(CancellationToken cancellationToken)
    {
    }

    /// <summary>Writes the kept result, for the answer to a remote caller.</summary>
    internal abstract void WriteResult(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <summary>Keeps the result a remote callee answered (then <see cref="CompleteFromExecution"/> delivers it).</summary>
    internal abstract void ReadResult(JsonElement result, JsonSerializerOptions options);

    /// <summary>Completes with the outcome (throwing its exception), for the silo serving a remote caller.</summary>
    internal abstract ValueTask WhenCompleted();

    /// <summary>Runs the method on <paramref name="grain"/>, keeping its outcome; never throws.</summary>
    internal abstract ValueTask ExecuteAsync(object grain);

    /// <summary>Runs the method on <paramref name="grain"/>, keeping its result; exceptions propagate (filter pipelines).</summary>
    internal abstract ValueTask InvokeTargetAsync(object grain);

    /// <summary>Delivers the kept outcome to the caller (or to the interceptor). Returns false if the caller already had one.</summary>
    internal bool CompleteFromExecution()
    {
        if (Interceptor is { } interceptor)
        {
            Interceptor = null;
            return interceptor.TrySetResult();
        }

        return TryClaim() && Deliver();
    }

    /// <summary>Fails the caller (timeout, cancellation, activation failure) unless it already has an outcome.</summary>
    internal bool TryFail(Exception exception)
    {
        if (Interceptor is { } interceptor)
        {
            Exception = exception;
            Interceptor = null;
            return interceptor.TrySetResult();
        }

        if (!TryClaim())
        {
            return false;
        }

        Exception = exception;
        return Deliver();
    }

    /// <summary>Delivers the current outcome to the caller after outgoing filters ran.</summary>
    internal bool CompleteAfterFilters() => TryClaim() && Deliver();

    private bool TryClaim() => Interlocked.Exchange(ref _completed, 1) == 0;

    private protected abstract bool Deliver();

}
