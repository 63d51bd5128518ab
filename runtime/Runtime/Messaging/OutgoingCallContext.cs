using System.Runtime.ExceptionServices;
using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime.Messaging;

/// <summary>Runs the active outgoing filters around a call; the last step sends it and awaits the callee's outcome.</summary>
internal sealed class OutgoingCallContext : IOutgoingGrainCallContext
{
    private readonly IOutgoingGrainCallFilter[] _filters;
    private readonly Action _send;
    private int _next;

    private OutgoingCallContext(GrainRequest request, IGrainContext? source, IOutgoingGrainCallFilter[] filters, Action send)
    {
        Request = request;
        SourceContext = source;
        _filters = filters;
        _send = send;
    }

    public IGrainContext? SourceContext { get; }

    public GrainRequest Request { get; }

    public static async Task RunAsync(GrainRequest request, IGrainContext? source, GrainCallFilters filters, Action send)
    {
        try
        {
            await new OutgoingCallContext(request, source, filters.ActiveOutgoing(), send).Invoke();
            request.Exception = null;
        }
        catch (Exception exception)
        {
            request.Exception = exception;
        }

        request.CompleteAfterFilters();
    }

    public Task Invoke()
    {
        if (_next < _filters.Length)
        {
            return _filters[_next++].Invoke(this);
        }

        var interceptor = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Request.Interceptor = interceptor;
        _send();
        return AwaitOutcome(interceptor.Task, Request);

        static async Task AwaitOutcome(Task completion, GrainRequest request)
        {
            await completion.ConfigureAwait(false);
            if (request.Exception is { } exception)
            {
                ExceptionDispatchInfo.Throw(exception);
            }
        }
    }
}
