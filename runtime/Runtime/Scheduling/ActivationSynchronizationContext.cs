using OrderGrains.Runtime.Catalog;

namespace OrderGrains.Runtime.Scheduling;

/// <summary>
/// Sends every continuation of grain code back to its activation's queue, so that awaits resume inside the
/// activation's turn discipline (one piece of grain code at a time) instead of on an arbitrary thread.
/// </summary>
internal sealed class ActivationSynchronizationContext(ActivationData activation) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => activation.PostContinuation(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send into a grain activation would block its turn; use Post or await.");

    public override SynchronizationContext CreateCopy() => this;
}
