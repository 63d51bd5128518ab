using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Log messages of the customer endpoints (event ids 6240-6259). Personal data never appears here: ids only.</summary>
internal static partial class CustomerApiLog
{
    public const string Category = "OrderGrains.ClientApi.Customers";

    [LoggerMessage(6240, LogLevel.Information, "{Client} {Action} customer {CustomerId}: tier {Tier}, {Addresses} addresses")]
    public static partial void ProfileWritten(this ILogger logger, string client, string action, string customerId, CustomerTier tier, int addresses);
}
