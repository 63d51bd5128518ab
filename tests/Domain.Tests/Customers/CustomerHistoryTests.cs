using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Domain.Tests.Customers;

public sealed class CustomerHistoryTests
{
    [Fact]
    public async Task Deliveries_and_cancellations_count_once_per_order()
    {
        await using var harness = await DomainHarness.StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");

        await customer.RecordDelivery("o1", late: true);
        await customer.RecordDelivery("o1", late: true);
        await customer.RecordDelivery("o2", late: false);
        await customer.RecordCancellation("o3");
        await customer.RecordCancellation("o3");

        var history = (await customer.GetProfile()).History;
        Assert.Equal(1, history.LateDeliveries);
        Assert.Equal(1, history.Cancellations);
    }

    [Fact]
    public async Task A_return_counts_once_per_order_and_a_repeated_request_gets_the_same_decision()
    {
        await using var harness = await DomainHarness.StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");

        var first = await customer.DecideReturn("o1", "The screen arrived cracked", 2000m);
        var again = await customer.DecideReturn("o1", "changed my mind", 2000m);

        Assert.Equal(ReturnDecisionKind.AutoApproved, first.Kind);
        Assert.Equal(ReturnReasonCategory.Damaged, first.Category);
        Assert.Equal(first, again);
        Assert.Equal(1, (await customer.GetProfile()).History.Returns);
    }

    [Fact]
    public async Task A_frequent_returner_gets_manual_review()
    {
        var clock = new FakeTimeProvider();
        await using var harness = await DomainHarness.StartAsync(services => services.AddSingleton<TimeProvider>(clock));
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");
        for (var i = 0; i < 5; i++)
        {
            await customer.RegisterOrder(CustomerTestData.Fingerprint($"o{i}", clock.GetUtcNow(), items: $"SKU-{i}"));
        }

        var firstReturn = await customer.DecideReturn("o0", "too small", 100m);
        var secondReturn = await customer.DecideReturn("o1", "too small", 100m);
        var thirdReturn = await customer.DecideReturn("o2", "too small", 100m);

        Assert.Equal(ReturnDecisionKind.AutoApproved, firstReturn.Kind);
        Assert.Equal(ReturnDecisionKind.AutoApproved, secondReturn.Kind);
        Assert.Equal(ReturnDecisionKind.ManualReview, thirdReturn.Kind);
        Assert.Equal(new CustomerHistory(5, 3, 0, 0), (await customer.GetProfile()).History);
    }

    [Fact]
    public async Task Commands_without_an_order_id_are_refused()
    {
        await using var harness = await DomainHarness.StartAsync();
        var customer = harness.Grains.GetGrain<ICustomerGrain>("c1");

        var error = await Assert.ThrowsAsync<DomainException>(() => customer.RecordDelivery(" ", late: false));
        var negative = await Assert.ThrowsAsync<DomainException>(() => customer.DecideReturn("o1", "too small", -1m));

        Assert.Equal("customer.invalid-order", error.Code);
        Assert.Equal("customer.invalid-return", negative.Code);
    }
}
