using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests.Customers;

public sealed class CustomerProfileTests
{
    [Fact]
    public async Task A_customer_never_upserted_has_the_default_profile()
    {
        await using var harness = await DomainHarness.StartAsync();

        var profile = await harness.Grains.GetGrain<ICustomerGrain>("new-customer").GetProfile();

        Assert.Equal("new-customer", profile.CustomerId);
        Assert.Equal(CustomerTier.Standard, profile.Tier);
        Assert.True(profile.Preferences.AcceptsSplitShipments);
        Assert.Empty(profile.Addresses);
        Assert.Equal(new CustomerHistory(0, 0, 0, 0), profile.History);
    }

    [Fact]
    public async Task Upsert_sets_the_profile_and_keeps_the_history()
    {
        await using var harness = await DomainHarness.StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        await customer.RegisterOrder(CustomerTestData.Fingerprint("o1", DateTimeOffset.UtcNow));

        await customer.Upsert("Li Lei", CustomerTier.Gold, CustomerTestData.NoSplits, [CustomerTestData.Shanghai]);
        var profile = await customer.Upsert("Li Lei", CustomerTier.Vip, CustomerTestData.NoSplits, [CustomerTestData.Shanghai, CustomerTestData.Beijing]);

        Assert.Equal("Li Lei", profile.Name);
        Assert.Equal(CustomerTier.Vip, profile.Tier);
        Assert.False(profile.Preferences.AcceptsSplitShipments);
        Assert.Equal(ShippingSpeed.Express, profile.Preferences.PreferredSpeed);
        Assert.Equal([CustomerTestData.Shanghai, CustomerTestData.Beijing], profile.Addresses);
        Assert.Equal(1, profile.History.Orders);
        var read = await customer.GetProfile();
        Assert.Equal(profile.Tier, read.Tier);
        Assert.Equal(profile.Addresses, read.Addresses);
    }

    public static TheoryData<string, string, IReadOnlyList<Address>> InvalidProfiles()
    {
        var tooMany = Enumerable.Repeat(CustomerTestData.Shanghai, 11).ToArray();
        return new()
        {
            { "name", string.Empty, [] },
            { "name", "   ", [] },
            { "name", new string('x', 201), [] },
            { "addresses", "Li Lei", tooMany },
            { "addresses[0].latitude", "Li Lei", [CustomerTestData.Shanghai with { Latitude = 90.5 }] },
            { "addresses[1].longitude", "Li Lei", [CustomerTestData.Shanghai, CustomerTestData.Beijing with { Longitude = -181 }] },
            { "addresses[0].latitude", "Li Lei", [CustomerTestData.Shanghai with { Latitude = double.NaN }] },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidProfiles))]
    public async Task Upsert_refuses_an_invalid_profile_naming_the_field_and_changes_nothing(string field, string name, IReadOnlyList<Address> addresses)
    {
        await using var harness = await DomainHarness.StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        await customer.Upsert("Before", CustomerTier.Silver, new CustomerPreferences(), [CustomerTestData.Shanghai]);

        var error = await Assert.ThrowsAsync<DomainException>(() => customer.Upsert(name, CustomerTier.Gold, new CustomerPreferences(), addresses));

        Assert.Equal("customer.invalid-profile", error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        var profile = await customer.GetProfile();
        Assert.Equal("Before", profile.Name);
        Assert.Equal(CustomerTier.Silver, profile.Tier);
    }

    [Fact]
    public async Task Upsert_accepts_the_limits()
    {
        await using var harness = await DomainHarness.StartAsync();
        var edge = CustomerTestData.Shanghai with { Latitude = -90, Longitude = 180 };

        var profile = await harness.Grains.GetGrain<ICustomerGrain>("c1")
            .Upsert(new string('x', 200), CustomerTier.Standard, new CustomerPreferences(), Enumerable.Repeat(edge, 10).ToArray());

        Assert.Equal(10, profile.Addresses.Count);
    }

    [Fact]
    public async Task The_whole_state_survives_a_silo_restart()
    {
        var clock = new FakeTimeProvider();
        await using var harness = await DomainHarness.StartAsync(services => services.AddSingleton<TimeProvider>(clock));
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        await customer.Upsert("Li Lei", CustomerTier.Silver, CustomerTestData.NoSplits, [CustomerTestData.Shanghai]);
        await customer.RegisterOrder(CustomerTestData.Fingerprint("o1", clock.GetUtcNow()));
        await customer.RecordDelivery("o1", late: true);
        await customer.RecordCancellation("o2");
        var decision = await customer.DecideReturn("o1", "too small", 100m);
        var before = await customer.GetProfile();

        await harness.RestartAsync();
        customer = harness.Grains.GetGrain<ICustomerGrain>("c1");

        var after = await customer.GetProfile();
        Assert.Equal(before.Name, after.Name);
        Assert.Equal(before.Tier, after.Tier);
        Assert.Equal(before.Preferences, after.Preferences);
        Assert.Equal(before.Addresses, after.Addresses);
        Assert.Equal(new CustomerHistory(1, 1, 1, 1), after.History);
        var duplicate = await customer.RegisterOrder(CustomerTestData.Fingerprint("o3", clock.GetUtcNow()));
        Assert.Equal("o1", duplicate.DuplicateOf);
        Assert.Equal(decision, await customer.DecideReturn("o1", "broken", 100m));
        await customer.RecordDelivery("o1", late: true);
        await customer.RecordCancellation("o2");
        Assert.Equal(new CustomerHistory(2, 1, 1, 1), (await customer.GetProfile()).History);
    }
}
