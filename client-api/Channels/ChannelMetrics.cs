using System.Diagnostics.Metrics;

namespace OrderGrains.ClientApi.Channels;

/// <summary>Counts orders posted through channel mappings, by channel and outcome (placed, rejected, forbidden).</summary>
internal sealed class ChannelMetrics
{
    public const string MeterName = "OrderGrains.Api.Channels";

    private readonly Counter<long> _orders;

    public ChannelMetrics(IMeterFactory? meterFactory = null)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _orders = meter.CreateCounter<long>("ordergrains.api.channel.orders", "{order}", "Orders posted in a channel's own shape, by outcome.");
    }

    public void Record(string channel, string outcome) =>
        _orders.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));
}
