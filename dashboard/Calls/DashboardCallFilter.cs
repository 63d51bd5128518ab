using System.Diagnostics;
using OrderGrains.Runtime;
using OrderGrains.Runtime.Diagnostics;

namespace OrderGrains.Dashboard.Calls;

/// <summary>
/// Times every incoming grain call per grain type and method while a dashboard watches; while nobody does,
/// <see cref="IsActive"/> is false and the runtime does not run the filter at all.
/// </summary>
internal sealed class DashboardCallFilter(DashboardWatch watch, CallStatsTable table) : IIncomingGrainCallFilter, IConditionalGrainCallFilter
{
    public bool IsActive => watch.IsCollecting;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var stats = table.For(context.TargetContext.GrainId.Type, context.Request.FullMethodName);
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await context.Invoke();
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            stats.Record(Stopwatch.GetTimestamp() - started, failed);
        }
    }
}
