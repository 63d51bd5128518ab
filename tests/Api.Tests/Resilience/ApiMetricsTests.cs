using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.Api.Tests.Resilience;

/// <summary>The API's meter <c>OrderGrains.Api</c>, read the way an OpenTelemetry exporter reads it.</summary>
public sealed class ApiMetricsTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync(
        "--OrderGrains:Api:RateLimit:PermitsPerSecond=1",
        "--OrderGrains:Api:RateLimit:Burst=4");

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Requests_orders_replays_and_rejections_are_counted()
    {
        using var recorder = new MeasurementRecorder(_host.App.Services.GetRequiredService<IMeterFactory>());
        using var channel = _host.Client(ApiRoles.Channel, "web", subject: "metrics-channel");

        using var placed = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(_host, customer: 4, sku: 9), "metrics-order");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        using var replayed = await channel.PostJsonAsync("/api/v1/orders", ApiTestData.Order(_host, customer: 4, sku: 9), "metrics-order");
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        using var missing = await channel.GetAsync("/api/v1/orders/ORD-metrics-missing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var rejected = 0;
        for (var i = 0; i < 10; i++)
        {
            using var response = await channel.GetAsync("/api/v1/orders/ORD-metrics-missing");
            rejected += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        Assert.True(rejected > 0);

        // A request is measured when the pipeline returns, which may be just after the client has the response.
        await recorder.WaitForCountAsync("ordergrains.api.requests", 13);
        Assert.Equal(1, recorder.Sum("ordergrains.api.orders.placed"));
        Assert.Equal(1, recorder.Sum("ordergrains.api.idempotent_replays"));
        Assert.Equal(rejected, recorder.Sum("ordergrains.api.rate_limited", ("partition", "client")));
        Assert.Equal(2, recorder.Sum("ordergrains.api.requests", ("http.route", "/api/v1/orders/"), ("http.request.method", "POST"), ("http.response.status_code", 201)));
        Assert.Equal(rejected, recorder.Sum("ordergrains.api.requests", ("http.route", "/api/v1/orders/{orderId}"), ("http.response.status_code", 429)));
        Assert.True(recorder.Sum("ordergrains.api.requests", ("http.route", "/api/v1/orders/{orderId}"), ("http.response.status_code", 404)) >= 1);
        Assert.Equal(recorder.Count("ordergrains.api.requests"), recorder.Count("ordergrains.api.request.duration"));
    }

    /// <summary>Records the measurements of this host's API meter only (other hosts run in parallel).</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public MeasurementRecorder(IMeterFactory scope)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "OrderGrains.Api" && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => _measurements.Enqueue((i.Name, value, tags.ToArray())));
            _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => _measurements.Enqueue((i.Name, value, tags.ToArray())));
            _listener.Start();
        }

        public double Sum(string instrument, params (string Key, object Value)[] tags) => Matching(instrument, tags).Sum(m => m.Value);

        public int Count(string instrument) => Matching(instrument, []).Count();

        public async Task WaitForCountAsync(string instrument, int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Count(instrument) < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.Equal(count, Count(instrument));
        }

        public void Dispose() => _listener.Dispose();

        private IEnumerable<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string instrument, (string Key, object Value)[] tags) =>
            _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(kv => kv.Key == t.Key && Equals(kv.Value, t.Value))));
    }
}
