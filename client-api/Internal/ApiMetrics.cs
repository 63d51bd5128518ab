using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrderGrains.ClientApi.Internal;

/// <summary>
/// The API's metrics (meter <c>OrderGrains.Api</c>), OpenTelemetry-compatible: requests by route and status, orders
/// placed, idempotent replays and rate-limited rejections. Instruments cost a branch when nobody listens.
/// </summary>
internal sealed class ApiMetrics
{
    public const string MeterName = "OrderGrains.Api";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _ordersPlaced;
    private readonly Counter<long> _replays;
    private readonly Counter<long> _rateLimited;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("ordergrains.api.requests", "{request}", "HTTP requests answered, by route, method and status.");
        _duration = meter.CreateHistogram<double>("ordergrains.api.request.duration", "ms", "Time to answer an HTTP request, by route, method and status.");
        _ordersPlaced = meter.CreateCounter<long>("ordergrains.api.orders.placed", "{order}", "Orders placed through the API (first placements, not replays).");
        _replays = meter.CreateCounter<long>("ordergrains.api.idempotent_replays", "{request}", "Create requests answered with the result of an earlier request with the same idempotency key.");
        _rateLimited = meter.CreateCounter<long>("ordergrains.api.rate_limited", "{request}", "Requests rejected by the rate limiter, by partition kind (client or ip).");
    }

    public void RequestCompleted(string route, string method, int status, double milliseconds)
    {
        if (!_requests.Enabled && !_duration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "http.route", route },
            { "http.request.method", method },
            { "http.response.status_code", status },
        };
        _requests.Add(1, tags);
        _duration.Record(milliseconds, tags);
    }

    // No channel tag: non-channel callers name the channel in the body, which would make the series unbounded.
    public void OrderPlaced() => _ordersPlaced.Add(1);

    public void IdempotentReplay(string route) => _replays.Add(1, new KeyValuePair<string, object?>("http.route", route));

    public void RateLimited(string partitionKind) => _rateLimited.Add(1, new KeyValuePair<string, object?>("partition", partitionKind));
}
