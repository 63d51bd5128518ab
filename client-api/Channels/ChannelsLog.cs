using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.ClientApi.Channels;

/// <summary>Log messages of channel order intake (event ids 6500-6549). No payload values: they carry PII.</summary>
internal static partial class ChannelsLog
{
    [LoggerMessage(EventId = 6500, Level = LogLevel.Information, Message = "Channel {Channel} order accepted as {OrderId} (status {Status})")]
    public static partial void ChannelOrderAccepted(this ILogger logger, string channel, string orderId, OrderStatus status);

    [LoggerMessage(EventId = 6501, Level = LogLevel.Information, Message = "Channel {Channel} payload rejected: {FieldCount} field(s) missing or invalid")]
    public static partial void ChannelPayloadRejected(this ILogger logger, string channel, int fieldCount);

    [LoggerMessage(EventId = 6502, Level = LogLevel.Warning, Message = "Client {ClientId} of channel {OwnChannel} tried to post an order to channel {Channel}")]
    public static partial void ChannelForbidden(this ILogger logger, string clientId, string ownChannel, string channel);
}
