using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests.Runtime;

public sealed class FilterAndMetricsTests
{
    [Fact]
    public async Task Incoming_filter_sees_every_call_with_its_method_arguments_and_outcome()
    {
        var seen = new ConcurrentQueue<string>();
        await using var harness = await SiloHarness.StartAsync(
            silo => silo.AddIncomingGrainCallFilter<RecordingIncomingFilter>(),
            services => services.AddSingleton(seen));
        var grain = harness.Grains.GetGrain<IPingGrain>("f");

        Assert.Equal(6, await grain.Ping(5));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("nope"));

        Assert.Contains("in ping/f IPingGrain.Ping(5) -> 6", seen);
        Assert.Contains("in ping/f IPingGrain.Fail(nope) threw InvalidOperationException", seen);
    }

    [Fact]
    public async Task Incoming_filter_can_replace_the_result()
    {
        await using var harness = await SiloHarness.StartAsync(silo => silo.AddIncomingGrainCallFilter<DoublingFilter>());
        Assert.Equal(12, await harness.Grains.GetGrain<IPingGrain>("double").Ping(5));
    }

    [Fact]
    public async Task Outgoing_filter_sees_calls_from_clients_and_from_grains()
    {
        var seen = new ConcurrentQueue<string>();
        await using var harness = await SiloHarness.StartAsync(
            silo => silo.AddOutgoingGrainCallFilter<RecordingOutgoingFilter>(),
            services => services.AddSingleton(seen));

        Assert.Equal("a->b:2", await harness.Grains.GetGrain<IPingGrain>("a").CallOther("b", 1));

        Assert.Contains("out (client) -> ping/a IPingGrain.CallOther", seen);
        Assert.Contains("out ping/a -> ping/b IPingGrain.Ping", seen);
    }

    [Fact]
    public async Task Call_metrics_are_recorded_per_grain_type_and_method_while_someone_listens()
    {
        await using var harness = await SiloHarness.StartAsync();
        var calls = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeInstruments.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "ordergrains.grain.calls")
            {
                var method = tags.ToArray().Single(t => t.Key == "method").Value;
                calls.AddOrUpdate($"{method}", value, (_, v) => v + value);
            }
        });
        listener.Start();

        var grain = harness.Grains.GetGrain<IPingGrain>("m");
        for (var i = 0; i < 5; i++)
        {
            await grain.Ping(i);
        }

        Assert.Equal(5, calls["IPingGrain.Ping"]);
    }

    [Fact]
    public async Task Activation_gauge_counts_activations_per_grain_type()
    {
        await using var harness = await SiloHarness.StartAsync();
        await Task.WhenAll(Enumerable.Range(0, 7).Select(i => harness.Grains.GetGrain<IPingGrain>($"g{i}").Ping(1).AsTask()));

        var instruments = harness.Silo.Services.GetRequiredService<RuntimeInstruments>();
        Assert.Equal(7, instruments.ActivationCounts["ping"]);
    }

    private sealed class RecordingIncomingFilter(ConcurrentQueue<string> seen) : IIncomingGrainCallFilter
    {
        public async Task Invoke(IIncomingGrainCallContext context)
        {
            var request = context.Request;
            var call = $"in {context.TargetContext.GrainId} {request.FullMethodName}({string.Join(",", Enumerable.Range(0, request.ArgumentCount).Select(request.GetArgument))})";
            try
            {
                await context.Invoke();
                seen.Enqueue($"{call} -> {request.Result}");
            }
            catch (Exception exception)
            {
                seen.Enqueue($"{call} threw {exception.GetType().Name}");
                throw;
            }
        }
    }

    private sealed class DoublingFilter : IIncomingGrainCallFilter
    {
        public async Task Invoke(IIncomingGrainCallContext context)
        {
            await context.Invoke();
            if (context.Request.Result is int value)
            {
                context.Request.Result = value * 2;
            }
        }
    }

    private sealed class RecordingOutgoingFilter(ConcurrentQueue<string> seen) : IOutgoingGrainCallFilter
    {
        public Task Invoke(IOutgoingGrainCallContext context)
        {
            seen.Enqueue($"out {context.SourceContext?.GrainId.ToString() ?? "(client)"} -> {context.Request.TargetId} {context.Request.FullMethodName}");
            return context.Invoke();
        }
    }
}
