using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace OrderGrains.Interfaces.Orders;

/// <summary>
/// Filters of an order search; every filter is optional and they combine with AND.
/// </summary>
/// <param name="CustomerId">Only this customer's orders.</param>
/// <param name="Statuses">Only orders in one of these statuses (null or empty: any).</param>
/// <param name="Channel">Only orders placed through this channel.</param>
/// <param name="CreatedFrom">Only orders created at or after this time (inclusive).</param>
/// <param name="CreatedTo">Only orders created before this time (exclusive).</param>
/// <param name="PageSize">Orders per page, <see cref="OrderSearch.MinPageSize"/>-<see cref="OrderSearch.MaxPageSize"/>.</param>
/// <param name="Cursor">The <see cref="OrderPage.NextCursor"/> of the previous page, or null for the first page.</param>
/// <remarks>Times are compared at millisecond precision, the precision the index stores.</remarks>
public sealed record OrderQuery(
    string? CustomerId = null,
    IReadOnlyList<OrderStatus>? Statuses = null,
    string? Channel = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    int PageSize = OrderSearch.DefaultPageSize,
    string? Cursor = null);

/// <summary>An order as the index shows it: no names, addresses or phone numbers.</summary>
public sealed record OrderSummary(
    string OrderId,
    string CustomerId,
    string Channel,
    OrderStatus Status,
    decimal Total,
    int Units,
    IReadOnlyList<string> Warehouses,
    bool IsGift,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);

/// <summary>An order whose delivery promise is at risk and that has not shipped yet.</summary>
/// <param name="Order">The order as the index shows it.</param>
/// <param name="AtRiskSince">When the order last recorded a <c>PromiseAtRisk</c> event (its update time then).</param>
public sealed record AtRiskOrderSummary(OrderSummary Order, DateTimeOffset AtRiskSince);

/// <summary>A page of search results.</summary>
/// <param name="Items">The orders, newest first.</param>
/// <param name="NextCursor">Pass it as <see cref="OrderQuery.Cursor"/> for the next page; null on the last page.</param>
public sealed record OrderPage(IReadOnlyList<OrderSummary> Items, string? NextCursor);

/// <summary>Limits, the grain key and the cursor format of order search.</summary>
public static class OrderSearch
{
    /// <summary>Key of the <see cref="IOrderSearchGrain"/> stateless worker.</summary>
    public const string GrainKey = "all";

    /// <summary>Page size when none is given.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>Smallest page size.</summary>
    public const int MinPageSize = 1;

    /// <summary>Largest page size.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Code of the <see cref="DomainException"/> for an invalid query.</summary>
    public const string InvalidQueryCode = "order-search.invalid-query";

    /// <summary>The timeline event that puts an order on the at-risk list.</summary>
    public const string PromiseAtRiskEvent = "PromiseAtRisk";

    /// <summary>
    /// Statuses that take an order off the at-risk list: shipped or later, or cancelled. The promise was then kept,
    /// missed or is moot, so there is nothing left to act on before the hand-over.
    /// </summary>
    public static IReadOnlyList<OrderStatus> PastRiskStatuses { get; } =
    [
        OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Cancelled, OrderStatus.ReturnRequested, OrderStatus.ReturnApproved,
        OrderStatus.ReturnRejected, OrderStatus.ReturnReceived, OrderStatus.Refunded, OrderStatus.Exchanged,
    ];

    private const string CursorVersion = "1";
    private const int MaxCursorLength = 400;

    /// <summary>The cursor after an order: its created time (milliseconds) and id, opaque to callers.</summary>
    public static string EncodeCursor(DateTimeOffset createdAt, string orderId)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        var text = string.Create(CultureInfo.InvariantCulture, $"{CursorVersion}|{createdAt.ToUnixTimeMilliseconds()}|{orderId}");
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Reads a cursor made by <see cref="EncodeCursor"/>; false for anything else.</summary>
    public static bool TryDecodeCursor(string? cursor, out DateTimeOffset createdAt, out string orderId)
    {
        createdAt = default;
        orderId = string.Empty;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > MaxCursorLength || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return false;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var parts = text.Split('|', 3);
        if (parts.Length != 3 || parts[0] != CursorVersion || parts[2].Length == 0 ||
            !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) ||
            ms < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        createdAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        orderId = parts[2];
        return true;
    }

    /// <summary>The problems of a query by field name (customerId, status, channel, from, to, pageSize, cursor); empty when valid.</summary>
    public static IReadOnlyDictionary<string, string> Validate(OrderQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (query.CustomerId is { } customer && !IsId(customer))
        {
            errors["customerId"] = "1-64 characters of letters, digits and - _ . :";
        }

        if (query.Channel is { } channel && !IsId(channel))
        {
            errors["channel"] = "1-64 characters of letters, digits and - _ . :";
        }

        if (query.Statuses is { } statuses && statuses.Any(s => !Enum.IsDefined(s)))
        {
            errors["status"] = "Unknown status.";
        }

        if (query.CreatedFrom is { } from && query.CreatedTo is { } to && from >= to)
        {
            errors["to"] = "Must be later than 'from' (from is inclusive, to is exclusive).";
        }

        if (query.PageSize is < MinPageSize or > MaxPageSize)
        {
            errors["pageSize"] = $"Between {MinPageSize} and {MaxPageSize}.";
        }

        if (query.Cursor is not null && !TryDecodeCursor(query.Cursor, out _, out _))
        {
            errors["cursor"] = "Not a cursor returned by this API.";
        }

        return errors;
    }

    private static bool IsId(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
