using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Grains.Customers;

/// <summary>Log messages of the customer grain (event ids 4300–4399). No personal data: no names, addresses or phones.</summary>
internal static partial class CustomerLog
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information,
        Message = "Customer {CustomerId}: order {OrderId} looks like a duplicate of {DuplicateOf}; policy {Policy}")]
    public static partial void DuplicateOrderDetected(this ILogger logger, string customerId, string orderId, string duplicateOf, DuplicatePolicy policy);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Debug,
        Message = "Customer {CustomerId} profile updated: tier {Tier}, {AddressCount} addresses")]
    public static partial void ProfileUpdated(this ILogger logger, string customerId, CustomerTier tier, int addressCount);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information,
        Message = "Customer {CustomerId}: return of order {OrderId} classified {Category}, decision {Decision}")]
    public static partial void ReturnDecided(this ILogger logger, string customerId, string orderId, ReturnReasonCategory category, ReturnDecisionKind decision);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Debug,
        Message = "Customer {CustomerId}: repeated {Command} for order {OrderId} ignored (already counted)")]
    public static partial void AlreadyCounted(this ILogger logger, string customerId, string command, string orderId);
}
