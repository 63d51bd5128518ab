using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Messaging;

namespace OrderGrains.Runtime.Timers;

/// <summary>One timer tick, scheduled on its activation like a request.</summary>
internal sealed class TimerTickRequest(Func<CancellationToken, Task> callback, bool interleave, bool keepAlive, CancellationToken cancellationToken)
    : GrainRequest<VoidResult>, IBackgroundRequest
{
    public override Type InterfaceType => typeof(IGrainTimer);

    public override string MethodName => "Tick";

    public override RequestOptions Options => interleave ? RequestOptions.AlwaysInterleave : RequestOptions.None;

    public override CancellationToken CancellationToken => cancellationToken;

    public override int ArgumentCount => 0;

    public bool KeepsAlive => keepAlive;

    public override object? GetArgument(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    protected override ValueTask<VoidResult> InvokeAsync(object grain) => VoidResult.From(callback(cancellationToken));
}
