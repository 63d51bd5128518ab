using System.Diagnostics;

namespace OrderGrains.Runtime.Diagnostics;

/// <summary>
/// Records calls, exceptions and duration per grain type and method. Does nothing (and the runtime skips it) while no
/// listener is attached to the instruments.
/// </summary>
internal sealed class GrainCallMetricsFilter(RuntimeInstruments instruments) : IIncomingGrainCallFilter, IConditionalGrainCallFilter
{
    public bool IsActive => instruments.CallMetricsEnabled;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var tags = new TagList
        {
            { "grain.type", context.TargetContext.GrainId.Type },
            { "method", context.Request.FullMethodName },
        };
        try
        {
            await context.Invoke();
        }
        catch
        {
            instruments.CallExceptions.Add(1, tags);
            throw;
        }
        finally
        {
            instruments.Calls.Add(1, tags);
            instruments.CallDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
        }
    }
}
