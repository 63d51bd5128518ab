using OrderGrains.Grains.OrderIndex;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Domain.Tests.OrderIndex;

/// <summary>
/// What every <see cref="IOrderIndexStore"/> guarantees, run against each database by a subclass that provides a fresh,
/// migrated store per test.
/// </summary>
public abstract class OrderIndexStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected IOrderIndexStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync(CancellationToken.None);
    }

    public abstract Task DisposeAsync();

    /// <summary>A store on an empty database of its own.</summary>
    protected abstract Task<IOrderIndexStore> CreateStoreAsync();

    [Fact]
    public async Task Newer_version_replaces_the_indexed_order()
    {
        Assert.Equal(1, await UpsertAsync(Change("O-1", version: 1, status: OrderStatus.Created, total: 10m)));
        Assert.Equal(1, await UpsertAsync(Change("O-1", version: 3, status: OrderStatus.Shipped, total: 12.35m, warehouses: ["WH-A", "WH-B"])));

        var order = Assert.Single((await SearchAsync(new OrderQuery())).Items);
        Assert.Equal((OrderStatus.Shipped, 3L, 12.35m), (order.Status, order.Version, order.Total));
        Assert.Equal(["WH-A", "WH-B"], order.Warehouses);
    }

    [Fact]
    public async Task Counts_orders_by_status_recent_creation_and_split_shipments()
    {
        await Store.UpsertAsync(
        [
            Change("O-1", status: OrderStatus.Allocated, warehouses: ["WH-A"], created: T0),
            Change("O-2", status: OrderStatus.Allocated, warehouses: ["WH-A", "WH-B"], created: T0.AddMinutes(2)),
            Change("O-3", status: OrderStatus.Backordered, created: T0.AddMinutes(3)),
        ], CancellationToken.None);

        var counts = await Store.CountAsync(T0.AddMinutes(1), CancellationToken.None);

        Assert.Equal(2, counts.ByStatus[nameof(OrderStatus.Allocated)]);
        Assert.Equal(1, counts.ByStatus[nameof(OrderStatus.Backordered)]);
        Assert.Equal((3L, 2L, 1L, 2L), (counts.Total, counts.CreatedSince, counts.MultiWarehouse, counts.WithWarehouse));
    }

    [Fact]
    public async Task Stale_or_repeated_version_is_ignored()
    {
        await UpsertAsync(Change("O-1", version: 5, status: OrderStatus.Delivered));

        Assert.Equal(0, await UpsertAsync(Change("O-1", version: 4, status: OrderStatus.Shipped)));
        Assert.Equal(0, await UpsertAsync(Change("O-1", version: 5, status: OrderStatus.Cancelled)));

        var order = Assert.Single((await SearchAsync(new OrderQuery())).Items);
        Assert.Equal((OrderStatus.Delivered, 5L), (order.Status, order.Version));
    }

    [Fact]
    public async Task One_batch_with_several_changes_of_an_order_keeps_the_newest()
    {
        var applied = await Store.UpsertAsync(
            [Change("O-1", version: 2, status: OrderStatus.Allocated), Change("O-1", version: 4, status: OrderStatus.Picked), Change("O-1", version: 3, status: OrderStatus.Shipped)],
            CancellationToken.None);

        Assert.Equal(1, applied);
        var order = Assert.Single((await SearchAsync(new OrderQuery())).Items);
        Assert.Equal((OrderStatus.Picked, 4L), (order.Status, order.Version));
    }

    [Fact]
    public async Task A_batch_larger_than_one_statement_stores_every_order()
    {
        var changes = Enumerable.Range(0, 250).Select(i => Change($"O-{i:D3}", created: T0.AddSeconds(i))).ToList();

        Assert.Equal(250, await Store.UpsertAsync(changes, CancellationToken.None));
        Assert.Equal(changes.Select(c => c.OrderId).Reverse(), (await SearchAllAsync(new OrderQuery(PageSize: 200))).Select(o => o.OrderId));
    }

    [Fact]
    public async Task Summary_fields_round_trip()
    {
        var change = Change("O-RT", customer: "C-9", channel: "pos", status: OrderStatus.ReleasedToWarehouse, total: 1234.5678m, units: 7,
            warehouses: ["WH-SH"], isGift: true, created: T0.AddMilliseconds(123), version: 9) with { UpdatedAt = T0.AddMinutes(5) };
        await UpsertAsync(change);

        var order = Assert.Single((await SearchAsync(new OrderQuery())).Items);
        Assert.Equal(
            new OrderSummary("O-RT", "C-9", "pos", OrderStatus.ReleasedToWarehouse, 1234.5678m, 7, order.Warehouses, true, T0.AddMilliseconds(123), T0.AddMinutes(5), 9),
            order);
        Assert.Equal(["WH-SH"], order.Warehouses);
    }

    [Fact]
    public async Task Customer_filter_returns_only_that_customers_orders()
    {
        await SeedAsync();

        var ids = await IdsAsync(new OrderQuery(CustomerId: "C-1"));

        Assert.Equal(["O-5", "O-3", "O-1"], ids);
    }

    [Fact]
    public async Task Status_filter_accepts_one_or_several_statuses()
    {
        await SeedAsync();

        Assert.Equal(["O-4", "O-2"], await IdsAsync(new OrderQuery(Statuses: [OrderStatus.Shipped])));
        Assert.Equal(["O-5", "O-4", "O-2"], await IdsAsync(new OrderQuery(Statuses: [OrderStatus.Shipped, OrderStatus.Cancelled])));
        Assert.Empty(await IdsAsync(new OrderQuery(Statuses: [OrderStatus.Refunded])));
    }

    [Fact]
    public async Task Channel_filter_returns_only_that_channels_orders()
    {
        await SeedAsync();

        Assert.Equal(["O-4", "O-3"], await IdsAsync(new OrderQuery(Channel: "pos")));
    }

    [Fact]
    public async Task Created_from_is_inclusive_and_created_to_is_exclusive()
    {
        await SeedAsync();

        // O-n was created at T0 + n minutes.
        Assert.Equal(["O-4", "O-3", "O-2"], await IdsAsync(new OrderQuery(CreatedFrom: T0.AddMinutes(2), CreatedTo: T0.AddMinutes(5))));
        Assert.Equal(["O-5", "O-4"], await IdsAsync(new OrderQuery(CreatedFrom: T0.AddMinutes(4))));
        Assert.Equal(["O-1"], await IdsAsync(new OrderQuery(CreatedTo: T0.AddMinutes(2))));
    }

    [Fact]
    public async Task Filters_combine()
    {
        await SeedAsync();

        Assert.Equal(["O-3"], await IdsAsync(new OrderQuery(CustomerId: "C-1", Channel: "pos")));
        Assert.Equal(["O-5"], await IdsAsync(new OrderQuery(CustomerId: "C-1", Statuses: [OrderStatus.Cancelled], CreatedFrom: T0.AddMinutes(3))));
    }

    [Fact]
    public async Task Keyset_paging_returns_every_order_exactly_once_newest_first()
    {
        // Many orders share a created time, so the order id must break ties for the paging to be exact.
        var changes = Enumerable.Range(0, 137)
            .Select(i => Change($"O-{i:D3}", customer: i % 3 == 0 ? "C-P" : "C-Q", created: T0.AddSeconds(i / 4)))
            .ToList();
        await Store.UpsertAsync(changes, CancellationToken.None);

        var all = await SearchAllAsync(new OrderQuery(PageSize: 10));
        var expected = changes.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.OrderId, StringComparer.Ordinal).Select(c => c.OrderId);
        Assert.Equal(expected, all.Select(o => o.OrderId));

        var customer = await SearchAllAsync(new OrderQuery(CustomerId: "C-P", PageSize: 7));
        Assert.Equal(expected.Where(id => int.Parse(id[2..], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0), customer.Select(o => o.OrderId));
    }

    [Fact]
    public async Task Last_page_has_no_cursor_and_a_full_last_page_is_not_followed_by_an_empty_one()
    {
        await Store.UpsertAsync([.. Enumerable.Range(0, 4).Select(i => Change($"O-{i}", created: T0.AddSeconds(i)))], CancellationToken.None);

        var first = await SearchAsync(new OrderQuery(PageSize: 2));
        var second = await SearchAsync(new OrderQuery(PageSize: 2, Cursor: first.NextCursor));

        Assert.NotNull(first.NextCursor);
        Assert.Equal(["O-1", "O-0"], second.Items.Select(o => o.OrderId));
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task Orders_placed_while_paging_neither_repeat_nor_shift_later_pages()
    {
        await Store.UpsertAsync([.. Enumerable.Range(0, 6).Select(i => Change($"O-{i}", created: T0.AddSeconds(i)))], CancellationToken.None);
        var first = await SearchAsync(new OrderQuery(PageSize: 3));

        await UpsertAsync(Change("O-NEW", created: T0.AddHours(1)));
        var second = await SearchAsync(new OrderQuery(PageSize: 3, Cursor: first.NextCursor));

        Assert.Equal(["O-5", "O-4", "O-3"], first.Items.Select(o => o.OrderId));
        Assert.Equal(["O-2", "O-1", "O-0"], second.Items.Select(o => o.OrderId));
    }

    [Fact]
    public async Task Invalid_query_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SearchAsync(new OrderQuery(PageSize: 0)));
        await Assert.ThrowsAsync<ArgumentException>(() => SearchAsync(new OrderQuery(PageSize: 201)));
        await Assert.ThrowsAsync<ArgumentException>(() => SearchAsync(new OrderQuery(Cursor: "not-a-cursor")));
        await Assert.ThrowsAsync<ArgumentException>(() => SearchAsync(new OrderQuery(CreatedFrom: T0, CreatedTo: T0)));
    }

    [Fact]
    public async Task Initializing_again_keeps_the_index()
    {
        await UpsertAsync(Change("O-1"));

        await Store.InitializeAsync(CancellationToken.None);
        var again = await CreateStoreOnSameDatabaseAsync();
        await again.InitializeAsync(CancellationToken.None);

        Assert.Equal(["O-1"], (await again.SearchAsync(new OrderQuery(), CancellationToken.None)).Items.Select(o => o.OrderId));
    }

    [Fact]
    public async Task A_promise_at_risk_change_marks_the_order_and_the_newest_marks_come_first()
    {
        await Store.UpsertAsync(
        [
            Change("O-1", status: OrderStatus.Promised, created: T0.AddMinutes(1), events: ["PromiseAtRisk", "CustomerNotified"]),
            Change("O-2", status: OrderStatus.Promised, created: T0.AddMinutes(2)),
            Change("O-3", status: OrderStatus.Picked, created: T0.AddMinutes(3), events: ["PromiseAtRisk"]),
            Change("O-4", status: OrderStatus.Backordered, created: T0.AddMinutes(4), events: ["Backordered"]),
            Change("O-5", status: OrderStatus.OnHold, created: T0.AddMinutes(5), events: ["OrderHeld"]),
        ],
        CancellationToken.None);

        // O-1 is put at risk again later: its mark moves to that change's update time and it comes first.
        await UpsertAsync(Change("O-1", version: 2, status: OrderStatus.Promised, created: T0.AddMinutes(1), events: ["PromiseAtRisk"]) with { UpdatedAt = T0.AddHours(1) });
        var atRisk = await AtRiskAsync(10);

        Assert.Equal(["O-1", "O-3"], atRisk.Select(r => r.Order.OrderId));
        Assert.Equal([T0.AddHours(1), T0.AddMinutes(3).AddSeconds(1)], atRisk.Select(r => r.AtRiskSince));
        Assert.Equal((OrderStatus.Promised, 2L), (atRisk[0].Order.Status, atRisk[0].Order.Version));
        Assert.Equal(["O-1"], (await AtRiskAsync(1)).Select(r => r.Order.OrderId));
    }

    [Fact]
    public async Task Later_changes_keep_the_mark_until_the_order_ships_or_is_cancelled()
    {
        await Store.UpsertAsync(
        [
            Change("O-1", status: OrderStatus.Promised, events: ["PromiseAtRisk"]),
            Change("O-2", status: OrderStatus.Promised, events: ["PromiseAtRisk"]),
            Change("O-3", status: OrderStatus.Promised, events: ["PromiseAtRisk"]),
        ],
        CancellationToken.None);

        await Store.UpsertAsync(
        [
            Change("O-1", version: 2, status: OrderStatus.Picked, events: ["ShipmentPicked"]),
            Change("O-2", version: 2, status: OrderStatus.Shipped, events: ["ShipmentShipped"]),
            Change("O-3", version: 2, status: OrderStatus.Cancelled, events: ["OrderCancelled"]),
        ],
        CancellationToken.None);
        Assert.Equal(["O-1"], (await AtRiskAsync(10)).Select(r => r.Order.OrderId));

        // A change that is at risk and already shipped (a late hand-over) does not mark the order.
        await UpsertAsync(Change("O-1", version: 3, status: OrderStatus.Shipped, events: ["ShipmentShipped", "PromiseAtRisk"]));
        Assert.Empty(await AtRiskAsync(10));
    }

    [Fact]
    public async Task A_stale_change_neither_marks_nor_clears()
    {
        await Store.UpsertAsync([Change("O-1", version: 5, status: OrderStatus.Promised, events: ["PromiseAtRisk"]), Change("O-2", version: 5)], CancellationToken.None);

        Assert.Equal(0, await Store.UpsertAsync(
            [Change("O-1", version: 4, status: OrderStatus.Cancelled), Change("O-2", version: 4, status: OrderStatus.Promised, events: ["PromiseAtRisk"])],
            CancellationToken.None));

        Assert.Equal(["O-1"], (await AtRiskAsync(10)).Select(r => r.Order.OrderId));
    }

    [Fact]
    public async Task At_risk_limit_outside_the_page_sizes_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => AtRiskAsync(0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => AtRiskAsync(OrderSearch.MaxPageSize + 1));
    }

    [Fact]
    public async Task A_version_1_index_is_migrated_keeping_its_orders_and_then_marks_them()
    {
        var store = await CreateStoreOnVersion1DatabaseAsync();

        await store.InitializeAsync(CancellationToken.None);

        // The order indexed before the migration is kept, unmarked; its next at-risk change marks it.
        var old = Assert.Single((await store.SearchAsync(new OrderQuery(), CancellationToken.None)).Items);
        Assert.Equal(("O-OLD", OrderStatus.Promised, 1L), (old.OrderId, old.Status, old.Version));
        Assert.Empty(await store.AtRiskAsync(10, CancellationToken.None));
        await store.UpsertAsync([Change("O-OLD", version: 2, status: OrderStatus.Promised, events: ["PromiseAtRisk"])], CancellationToken.None);
        Assert.Equal(["O-OLD"], (await store.AtRiskAsync(10, CancellationToken.None)).Select(r => r.Order.OrderId));
    }

    /// <summary>
    /// A store on a new database that holds the order index as schema version 1 left it (before the at-risk mark), with
    /// version 1 recorded and one order: O-OLD, customer C-1, channel web, Promised, total 10, 1 unit, no warehouses,
    /// not a gift, created at T0, updated at T0 + 1 s, version 1.
    /// </summary>
    protected abstract Task<IOrderIndexStore> CreateStoreOnVersion1DatabaseAsync();

    /// <summary>The text of an embedded order index migration script of <paramref name="dialect"/>, e.g. "001_order_index.sql".</summary>
    protected static string MigrationScript(string dialect, string fileName)
    {
        var assembly = typeof(AdoNetOrderIndexStore).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n =>
            n.StartsWith("OrderGrains.Grains.OrderIndex.Sql." + dialect, StringComparison.Ordinal) && n.EndsWith(fileName, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    /// <summary>A second store on the database of <see cref="Store"/> (another silo starting).</summary>
    protected abstract Task<IOrderIndexStore> CreateStoreOnSameDatabaseAsync();

    /// <summary>O-1..O-5 created a minute apart: customer, channel and status vary.</summary>
    private Task<int> SeedAsync() => Store.UpsertAsync(
        [
            Change("O-1", customer: "C-1", channel: "web", status: OrderStatus.Created, created: T0.AddMinutes(1)),
            Change("O-2", customer: "C-2", channel: "web", status: OrderStatus.Shipped, created: T0.AddMinutes(2)),
            Change("O-3", customer: "C-1", channel: "pos", status: OrderStatus.Allocated, created: T0.AddMinutes(3)),
            Change("O-4", customer: "C-2", channel: "pos", status: OrderStatus.Shipped, created: T0.AddMinutes(4)),
            Change("O-5", customer: "C-1", channel: "marketplace", status: OrderStatus.Cancelled, created: T0.AddMinutes(5)),
        ],
        CancellationToken.None);

    private Task<int> UpsertAsync(OrderChanged change) => Store.UpsertAsync([change], CancellationToken.None);

    private Task<OrderPage> SearchAsync(OrderQuery query) => Store.SearchAsync(query, CancellationToken.None);

    private Task<IReadOnlyList<AtRiskOrderSummary>> AtRiskAsync(int limit) => Store.AtRiskAsync(limit, CancellationToken.None);

    private async Task<IReadOnlyList<string>> IdsAsync(OrderQuery query) => [.. (await SearchAllAsync(query)).Select(o => o.OrderId)];

    private async Task<IReadOnlyList<OrderSummary>> SearchAllAsync(OrderQuery query)
    {
        var all = new List<OrderSummary>();
        for (var page = await SearchAsync(query); ; page = await SearchAsync(query with { Cursor = page.NextCursor }))
        {
            Assert.True(page.Items.Count <= query.PageSize);
            all.AddRange(page.Items);
            if (page.NextCursor is null)
            {
                return all;
            }

            Assert.True(all.Count < 10_000, "Paging does not end.");
        }
    }

    private static OrderChanged Change(
        string orderId,
        long version = 1,
        OrderStatus status = OrderStatus.Created,
        string customer = "C-1",
        string channel = "web",
        decimal total = 10m,
        int units = 1,
        IReadOnlyList<string>? warehouses = null,
        bool isGift = false,
        DateTimeOffset? created = null,
        IReadOnlyList<string>? events = null) =>
        new(orderId, customer, channel, status, null, events ?? ["OrderPlaced"], total, units, warehouses ?? [], isGift, created ?? T0, (created ?? T0).AddSeconds(1), version);
}
