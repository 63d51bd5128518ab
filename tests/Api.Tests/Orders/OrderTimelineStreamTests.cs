using System.Net;
using System.Text.Json;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;
using static OrderGrains.Api.Tests.Orders.OrderApiClient;

namespace OrderGrains.Api.Tests.Orders;

[Collection(ApiCollection.Name)]
public sealed class OrderTimelineStreamTests(ApiHost host)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Live_feed_sends_the_past_events_then_pushes_new_ones_as_they_happen()
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "live-shop");
        using var operations = host.Client(ApiRoles.Operations);
        var placed = await channel.PlaceAsync(ApiTestData.Order(host, customer: 14, sku: 54, quantity: 2), "live-place");
        var past = await channel.TimelineAsync(placed.OrderId);
        using var timeout = new CancellationTokenSource(Bound);

        using var feed = await OpenAsync(channel, $"{OrdersPath}/{placed.OrderId}/timeline/live", timeout.Token);
        var replayed = await ReadEventsAsync(feed, past.Count, timeout.Token);
        Assert.Equal(past.Select(e => (e.Sequence, e.Type)), replayed.Select(e => (e.Sequence, e.Type)));

        var shipment = placed.Shipments[0].ShipmentId;
        await operations.ShipmentEventAsync(placed.OrderId, shipment, ShipmentEventKind.Picked, "live-pick");
        var picked = await ReadEventsAsync(feed, 1, timeout.Token);
        await operations.ShipmentEventAsync(placed.OrderId, shipment, ShipmentEventKind.Shipped, "live-ship", "SF Express", "SF777");
        var shipped = await ReadUntilAsync(feed, "ShipmentShipped", timeout.Token);

        var pushed = picked.Concat(shipped).ToList();
        Assert.Equal("ShipmentPicked", pushed[0].Type);
        Assert.Equal("ShipmentShipped", pushed[^1].Type);
        Assert.Equal(Enumerable.Range(past.Count + 1, pushed.Count).Select(i => (long)i), pushed.Select(e => e.Sequence));
        Assert.Equal("SF777", pushed[^1].Context["tracking"]);
        var stored = await channel.TimelineAsync(placed.OrderId);
        Assert.Equal(stored.Select(e => (e.Sequence, e.Type)), replayed.Concat(pushed).Select(e => (e.Sequence, e.Type)));
    }

    [Fact]
    public async Task Live_feed_resumes_after_the_Last_Event_ID_or_the_after_parameter()
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "live-shop");
        using var operations = host.Client(ApiRoles.Operations);
        var placed = await channel.PlaceAsync(ApiTestData.Order(host, customer: 15, sku: 55, quantity: 2), "live-resume-place");
        await operations.ShipmentEventAsync(placed.OrderId, placed.Shipments[0].ShipmentId, ShipmentEventKind.Picked, "live-resume-pick");
        var stored = await channel.TimelineAsync(placed.OrderId);
        var lastSeen = stored[^2].Sequence;
        using var timeout = new CancellationTokenSource(Bound);

        // The header wins over the query: a reconnecting EventSource keeps its first URL.
        using var resumed = await OpenAsync(channel, $"{OrdersPath}/{placed.OrderId}/timeline/live?after=0", timeout.Token, lastEventId: lastSeen.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var next = Assert.Single(await ReadEventsAsync(resumed, 1, timeout.Token));
        Assert.Equal((stored[^1].Sequence, "ShipmentPicked"), (next.Sequence, next.Type));

        using var fromQuery = await OpenAsync(channel, $"{OrdersPath}/{placed.OrderId}/timeline/live?after={lastSeen}", timeout.Token);
        Assert.Equal(stored[^1].Sequence, Assert.Single(await ReadEventsAsync(fromQuery, 1, timeout.Token)).Sequence);

        using var json = await channel.GetAsync($"{OrdersPath}/{placed.OrderId}/timeline?after={lastSeen}");
        Assert.Equal([stored[^1].Sequence], (await json.ReadAsync<List<TimelineEvent>>()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Live_feed_refuses_a_position_that_is_not_a_sequence_number()
    {
        using var channel = host.Client(ApiRoles.Channel, "web", subject: "live-shop");
        var placed = await channel.PlaceAsync(ApiTestData.Order(host, customer: 16, sku: 56, quantity: 2), "live-bad-place");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{OrdersPath}/{placed.OrderId}/timeline/live?after=-1");
        request.Headers.Add(OrderTimelineApi.LastEventIdHeader, "abc");

        using var response = await channel.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"after\"", text, StringComparison.Ordinal);
        Assert.Contains("\"Last-Event-ID\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiet_feed_sends_heartbeat_comments_and_still_delivers_the_next_event()
    {
        await using var quick = await ApiHost.StartAsync("--OrderGrains:Api:Timeline:HeartbeatInterval=00:00:00.200");
        using var channel = quick.Client(ApiRoles.Channel, "web");
        using var service = quick.Client(ApiRoles.CustomerService);
        var placed = await channel.PlaceAsync(ApiTestData.Order(quick, customer: 3, sku: 7, quantity: 2), "heartbeat-place");
        var past = await channel.TimelineAsync(placed.OrderId);
        using var timeout = new CancellationTokenSource(Bound);

        using var feed = await OpenAsync(channel, $"{OrdersPath}/{placed.OrderId}/timeline/live?after={past[^1].Sequence}", timeout.Token);
        var first = await feed.ReadAsync(timeout.Token);
        var second = await feed.ReadAsync(timeout.Token);
        Assert.True(first.IsComment && second.IsComment, "Expected heartbeats while nothing happens.");
        Assert.Equal("heartbeat", first.Comment);

        await service.CommandAsync(HttpMethod.Patch, $"{OrdersPath}/{placed.OrderId}/lines", new ChangeLinesRequest([new LineChangeRequest("L1", null, 1)]), "heartbeat-edit");
        var changed = await ReadUntilAsync(feed, "LinesChanged", timeout.Token);
        Assert.Equal(past[^1].Sequence + 1, changed[0].Sequence);
    }

    [Fact]
    public async Task OpenApi_declares_the_live_timeline_as_an_event_stream_of_timeline_events()
    {
        using var anonymous = host.Anonymous();
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));

        var content = document.RootElement.GetProperty("paths").GetProperty("/api/v1/orders/{orderId}/timeline/live")
            .GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(content.TryGetProperty(TimelineEventStream.ContentType, out var stream), content.ToString());
        Assert.Contains("TimelineEvent", stream.ToString(), StringComparison.Ordinal);
    }

    private static async Task<SseReader> OpenAsync(HttpClient client, string path, CancellationToken cancellationToken, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add(OrderTimelineApi.LastEventIdHeader, lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimelineEventStream.ContentType, response.Content.Headers.ContentType?.MediaType);
        return new SseReader(await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    private static async Task<List<TimelineEvent>> ReadEventsAsync(SseReader feed, int count, CancellationToken cancellationToken)
    {
        var events = new List<TimelineEvent>();
        while (events.Count < count)
        {
            events.Add(Parse(await feed.ReadEventAsync(cancellationToken)));
        }

        return events;
    }

    private static async Task<List<TimelineEvent>> ReadUntilAsync(SseReader feed, string type, CancellationToken cancellationToken)
    {
        var events = new List<TimelineEvent>();
        do
        {
            events.Add(Parse(await feed.ReadEventAsync(cancellationToken)));
        }
        while (events[^1].Type != type);
        return events;
    }

    /// <summary>The event's JSON, checked against its id and event fields.</summary>
    private static TimelineEvent Parse(SseMessage message)
    {
        var entry = JsonSerializer.Deserialize<TimelineEvent>(message.Data!, ApiTestData.Json)!;
        Assert.Equal(entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), message.Id);
        Assert.Equal(entry.Type, message.Event);
        return entry;
    }
}
