using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime.Messaging;

/// <summary>Runs the active incoming filters around a request, then the grain method.</summary>
internal sealed class IncomingCallContext : IIncomingGrainCallContext
{
    private readonly IIncomingGrainCallFilter[] _filters;
    private int _next;

    private IncomingCallContext(GrainRequest request, IGrainContext target, IIncomingGrainCallFilter[] filters)
    {
        Request = request;
        TargetContext = target;
        _filters = filters;
    }

    public IGrainContext TargetContext { get; }

    public GrainRequest Request { get; }

    public static async ValueTask RunAsync(GrainRequest request, IGrainContext target, GrainCallFilters filters)
    {
        try
        {
            await new IncomingCallContext(request, target, filters.ActiveIncoming()).Invoke();
        }
        catch (Exception exception)
        {
            request.Exception = exception;
        }
    }

    public Task Invoke() => _next < _filters.Length
        ? _filters[_next++].Invoke(this)
        : Request.InvokeTargetAsync(TargetContext.GrainInstance!).AsTask();
}
