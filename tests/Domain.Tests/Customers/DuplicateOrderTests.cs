using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Grains.Customers;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests.Customers;

public sealed class DuplicateOrderTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task A_near_identical_order_within_the_window_is_a_duplicate_of_the_earlier_order()
    {
        await using var harness = await StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        var first = await customer.RegisterOrder(CustomerTestData.Fingerprint("o1", _clock.GetUtcNow()));

        _clock.Advance(TimeSpan.FromMinutes(14));
        var second = await customer.RegisterOrder(CustomerTestData.Fingerprint("o2", _clock.GetUtcNow()));

        Assert.False(first.IsDuplicate);
        Assert.Equal(new DuplicateCheck(true, "o1", DuplicatePolicy.HoldForConfirmation), second);
    }

    [Fact]
    public async Task An_order_placed_after_the_window_is_not_a_duplicate()
    {
        await using var harness = await StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        await customer.RegisterOrder(CustomerTestData.Fingerprint("o1", _clock.GetUtcNow()));

        _clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var second = await customer.RegisterOrder(CustomerTestData.Fingerprint("o2", _clock.GetUtcNow()));

        Assert.False(second.IsDuplicate);
        Assert.Null(second.DuplicateOf);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_gift_order_is_never_a_duplicate_nor_duplicated(bool firstIsGift, bool secondIsGift)
    {
        await using var harness = await StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        await customer.RegisterOrder(CustomerTestData.Fingerprint("o1", _clock.GetUtcNow(), gift: firstIsGift));

        var second = await customer.RegisterOrder(CustomerTestData.Fingerprint("o2", _clock.GetUtcNow(), gift: secondIsGift));

        Assert.False(second.IsDuplicate);
    }

    [Fact]
    public async Task Orders_to_another_address_or_with_other_items_are_not_duplicates()
    {
        await using var harness = await StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        await customer.RegisterOrder(CustomerTestData.Fingerprint("o1", _clock.GetUtcNow()));

        var otherAddress = await customer.RegisterOrder(CustomerTestData.Fingerprint("o2", _clock.GetUtcNow(), address: CustomerTestData.Beijing.Fingerprint));
        var otherItems = await customer.RegisterOrder(CustomerTestData.Fingerprint("o3", _clock.GetUtcNow(), items: "SKU-1x3"));

        Assert.False(otherAddress.IsDuplicate);
        Assert.False(otherItems.IsDuplicate);
    }

    [Fact]
    public async Task Orders_of_another_customer_are_not_duplicates()
    {
        await using var harness = await StartAsync();
        await harness.Grains.GetGrain<ICustomerGrain>("c1").RegisterOrder(CustomerTestData.Fingerprint("o1", _clock.GetUtcNow()));

        var other = await harness.Grains.GetGrain<ICustomerGrain>("c2").RegisterOrder(CustomerTestData.Fingerprint("o2", _clock.GetUtcNow()));

        Assert.False(other.IsDuplicate);
    }

    [Fact]
    public async Task Beginning_an_order_registers_it_once_and_returns_the_customer_as_it_was_before()
    {
        await using var harness = await StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        await customer.RegisterOrder(CustomerTestData.Fingerprint("o1", _clock.GetUtcNow()));
        var fingerprint = CustomerTestData.Fingerprint("o2", _clock.GetUtcNow());

        var begun = await customer.BeginOrder(fingerprint);
        var again = await customer.BeginOrder(fingerprint);

        Assert.Equal(new DuplicateCheck(true, "o1", DuplicatePolicy.HoldForConfirmation), begun.Duplicate);
        Assert.Equal(begun.Duplicate, again.Duplicate);
        Assert.Equal(1, begun.Profile.History.Orders);
        Assert.Equal(2, (await customer.GetProfile()).History.Orders);
    }

    [Fact]
    public async Task Registering_the_same_order_again_gives_the_same_answer_and_counts_it_once()
    {
        await using var harness = await StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        await customer.RegisterOrder(CustomerTestData.Fingerprint("o1", _clock.GetUtcNow()));
        var fingerprint = CustomerTestData.Fingerprint("o2", _clock.GetUtcNow());

        var first = await customer.RegisterOrder(fingerprint);
        _clock.Advance(TimeSpan.FromHours(1));
        var again = await customer.RegisterOrder(fingerprint);

        Assert.Equal(first, again);
        Assert.Equal("o1", again.DuplicateOf);
        Assert.Equal(2, (await customer.GetProfile()).History.Orders);
    }

    [Fact]
    public async Task A_third_copy_is_reported_as_a_duplicate_of_the_first_order()
    {
        await using var harness = await StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        await customer.RegisterOrder(CustomerTestData.Fingerprint("o1", _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await customer.RegisterOrder(CustomerTestData.Fingerprint("o2", _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var third = await customer.RegisterOrder(CustomerTestData.Fingerprint("o3", _clock.GetUtcNow()));

        Assert.Equal("o1", third.DuplicateOf);
    }

    [Fact]
    public async Task The_configured_policy_and_window_are_applied()
    {
        await using var harness = await StartAsync(services => services.Configure<CustomerPolicyOptions>(o =>
        {
            o.DuplicatePolicy = DuplicatePolicy.Merge;
            o.DuplicateWindow = TimeSpan.FromMinutes(30);
        }));
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        await customer.RegisterOrder(CustomerTestData.Fingerprint("o1", _clock.GetUtcNow()));

        _clock.Advance(TimeSpan.FromMinutes(25));
        var second = await customer.RegisterOrder(CustomerTestData.Fingerprint("o2", _clock.GetUtcNow()));

        Assert.Equal(new DuplicateCheck(true, "o1", DuplicatePolicy.Merge), second);
    }

    private Task<DomainHarness> StartAsync(Action<IServiceCollection>? configure = null) => DomainHarness.StartAsync(services =>
    {
        services.AddSingleton<TimeProvider>(_clock);
        configure?.Invoke(services);
    });
}
