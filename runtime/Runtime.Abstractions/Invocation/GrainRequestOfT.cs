using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Tasks.Sources;

namespace OrderGrains.Runtime.Invocation;

/// <summary>A request whose method produces <typeparamref name="TResult"/>; also the caller's awaitable.</summary>
public abstract class GrainRequest<TResult> : GrainRequest, IValueTaskSource<TResult>, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<TResult> _core;
    private TResult _result = default!;

    /// <summary>Calls the grain method. Generated.</summary>
    protected abstract ValueTask<TResult> InvokeAsync(object grain);

    /// <inheritdoc/>
    public override object? Result
    {
        get => _result;
        set => _result = (TResult)value!;
    }

    /// <summary>The caller's view of the outcome.</summary>
    public ValueTask<TResult> AsValueTask() => new(this, _core.Version);

    /// <summary>The caller's view of the outcome, result ignored.</summary>
    public ValueTask AsVoidValueTask() => new(this, _core.Version);

    internal override ValueTask ExecuteAsync(object grain)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = InvokeAsync(grain);
            if (pending.IsCompletedSuccessfully)
            {
                _result = pending.Result;
                return default;
            }
        }
        catch (Exception exception)
        {
            Exception = exception;
            return default;
        }

        return AwaitOutcomeAsync(pending);
    }

    internal override void WriteResult(Utf8JsonWriter writer, JsonSerializerOptions options) => JsonSerializer.Serialize(writer, _result, options);

    internal override void ReadResult(JsonElement result, JsonSerializerOptions options) => _result = result.Deserialize<TResult>(options)!;

    internal override ValueTask WhenCompleted() => AsVoidValueTask();

    internal override async ValueTask InvokeTargetAsync(object grain) => _result = await InvokeAsync(grain).ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitOutcomeAsync(ValueTask<TResult> pending)
    {
        try
        {
            _result = await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Exception = exception;
        }
    }

    private protected override bool Deliver()
    {
        if (Exception is { } exception)
        {
            _core.SetException(exception);
        }
        else
        {
            _core.SetResult(_result);
        }

        return true;
    }

    TResult IValueTaskSource<TResult>.GetResult(short token) => _core.GetResult(token);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _core.GetStatus(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
