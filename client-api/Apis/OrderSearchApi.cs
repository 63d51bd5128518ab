using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>
/// Order list and search over the order index (eventually consistent: an order shows up shortly after it changes):
/// filters, newest first, keyset paging with an opaque cursor. Summaries carry no names, addresses or phone numbers.
/// </summary>
public static class OrderSearchApi
{
    private const string CustomerIdParameter = "customerId";
    private const string StatusParameter = "status";
    private const string ChannelParameter = "channel";
    private const string FromParameter = "from";
    private const string ToParameter = "to";
    private const string PageSizeParameter = "pageSize";
    private const string CursorParameter = "cursor";

    private static readonly string[] OrderParameters = [CustomerIdParameter, StatusParameter, ChannelParameter, FromParameter, ToParameter, PageSizeParameter, CursorParameter];
    private static readonly string[] CustomerParameters = [StatusParameter, ChannelParameter, FromParameter, ToParameter, PageSizeParameter, CursorParameter];

    /// <summary>Maps <c>GET /orders</c> and <c>GET /customers/{customerId}/orders</c> on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapOrderSearchApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/orders", SearchOrders).RequireAuthorization(ApiPolicies.OrdersRead).WithTags("Orders")
            .WithName("SearchOrders")
            .WithSummary("Lists orders, newest first, filtered by customerId, status (repeat or comma-separate), channel and created time (from inclusive, to exclusive); pass nextCursor as cursor for the next page.");
        api.MapGet("/customers/{customerId}/orders", CustomerOrders).RequireAuthorization(ApiPolicies.CustomersRead).WithTags("Customers")
            .WithName("CustomerOrders")
            .WithSummary("A customer's order history, newest first, with the filters and paging of the order list.");
        return api;
    }

    /// <summary>One page of orders matching the query; channel systems see their own channel's orders only.</summary>
    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> SearchOrders(HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(http);
        var errors = new ApiValidationErrors();
        var query = Parse(http.Request.Query, OrderParameters, user, errors, customerId: null);
        return query is null ? ApiErrors.Validation(errors.ToDictionary()) : TypedResults.Ok(await SearchAsync(grains, query));
    }

    /// <summary>One page of a customer's orders.</summary>
    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> CustomerOrders(string customerId, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(http);
        var errors = new ApiValidationErrors();
        var query = Parse(http.Request.Query, CustomerParameters, user, errors, customerId);
        return query is null ? ApiErrors.Validation(errors.ToDictionary()) : TypedResults.Ok(await SearchAsync(grains, query));
    }

    private static Task<OrderPage> SearchAsync(IGrainFactory grains, OrderQuery query) =>
        grains.GetGrain<IOrderSearchGrain>(OrderSearch.GrainKey).Search(query);

    /// <summary>The query, or null with <paramref name="errors"/> listing every invalid parameter.</summary>
    private static OrderQuery? Parse(IQueryCollection parameters, string[] allowed, ClaimsPrincipal user, ApiValidationErrors errors, string? customerId)
    {
        foreach (var name in parameters.Keys)
        {
            // Exact names only: a misspelt filter must not silently widen the result.
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(name, $"Unknown parameter; expected one of {string.Join(", ", allowed)}.");
            }
        }

        customerId ??= Single(parameters, CustomerIdParameter, errors);
        if (customerId is not null)
        {
            errors.RequireId(CustomerIdParameter, customerId);
        }

        var channel = Single(parameters, ChannelParameter, errors);
        if (channel is not null)
        {
            errors.RequireId(ChannelParameter, channel);
        }

        var ownChannel = user.ChannelOf();
        if (ownChannel is not null)
        {
            if (channel is not null && !string.Equals(channel, ownChannel, StringComparison.Ordinal))
            {
                errors.Add(ChannelParameter, $"A channel system sees its own channel's orders ('{ownChannel}') only.");
            }

            channel = ownChannel;
        }

        var statuses = Statuses(parameters, errors);
        var from = Time(parameters, FromParameter, errors);
        var to = Time(parameters, ToParameter, errors);
        if (from is not null && to is not null && from >= to)
        {
            errors.Add(ToParameter, "Must be later than 'from' (from is inclusive, to is exclusive).");
        }

        var pageSize = OrderSearch.DefaultPageSize;
        if (Single(parameters, PageSizeParameter, errors) is { } size &&
            (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < OrderSearch.MinPageSize or > OrderSearch.MaxPageSize))
        {
            errors.Add(PageSizeParameter, $"A whole number from {OrderSearch.MinPageSize} to {OrderSearch.MaxPageSize}.");
        }

        var cursor = Single(parameters, CursorParameter, errors);
        if (cursor is not null && !OrderSearch.TryDecodeCursor(cursor, out _, out _))
        {
            errors.Add(CursorParameter, "Not a cursor returned by this API (use nextCursor of the previous page).");
        }

        return errors.IsEmpty
            ? new OrderQuery(customerId, statuses, channel, from, to, pageSize, cursor)
            : null;
    }

    private static string? Single(IQueryCollection parameters, string name, ApiValidationErrors errors)
    {
        if (!parameters.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            errors.Add(name, "Give it once, with a value.");
            return null;
        }

        return values[0];
    }

    private static List<OrderStatus>? Statuses(IQueryCollection parameters, ApiValidationErrors errors)
    {
        if (!parameters.TryGetValue(StatusParameter, out var values))
        {
            return null;
        }

        var statuses = new List<OrderStatus>();
        foreach (var value in values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries)))
        {
            // Names only (camelCase as in responses, any case accepted): numbers would tie clients to the enum's order.
            if (value.Length == 0 || !char.IsAsciiLetter(value[0]) || !Enum.TryParse<OrderStatus>(value, ignoreCase: true, out var status) || !Enum.IsDefined(status))
            {
                errors.Add(StatusParameter, $"Unknown status '{Truncate(value)}'; expected one of {string.Join(", ", Enum.GetNames<OrderStatus>().Select(JsonName))}.");
                continue;
            }

            if (!statuses.Contains(status))
            {
                statuses.Add(status);
            }
        }

        return statuses;
    }

    private static DateTimeOffset? Time(IQueryCollection parameters, string name, ApiValidationErrors errors)
    {
        if (Single(parameters, name, errors) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            return time;
        }

        errors.Add(name, "An ISO 8601 time, e.g. 2026-03-01T00:00:00Z (no offset means UTC).");
        return null;
    }

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
