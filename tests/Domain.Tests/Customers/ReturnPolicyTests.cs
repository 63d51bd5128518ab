using OrderGrains.Grains.Customers;
using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Domain.Tests.Customers;

public sealed class ReturnPolicyTests
{
    private static readonly CustomerHistory NewCustomer = new(0, 0, 0, 0);
    private static readonly CustomerHistory FrequentReturner = new(Orders: 10, Returns: 3, LateDeliveries: 0, Cancellations: 0);
    private static readonly CustomerHistory FewOrdersManyReturns = new(Orders: 4, Returns: 4, LateDeliveries: 0, Cancellations: 0);

    private readonly ReturnPolicy _policy = new(CustomerPolicyOptions.Default);

    [Theory]
    [InlineData(ReturnReasonCategory.ChangedMind)]
    [InlineData(ReturnReasonCategory.Other)]
    [InlineData(ReturnReasonCategory.Damaged)]
    public void A_vip_return_is_approved_with_a_pickup_whatever_the_history_and_value(ReturnReasonCategory category)
    {
        var decision = _policy.Decide(CustomerTier.Vip, FrequentReturner, category, 10_000m);

        Assert.Equal(ReturnDecisionKind.AutoApproved, decision.Kind);
        Assert.True(decision.PickupOffered);
        Assert.Equal(category, decision.Category);
        Assert.Contains("VIP", decision.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReturnReasonCategory.Damaged, true)]
    [InlineData(ReturnReasonCategory.SizeOrFit, false)]
    [InlineData(ReturnReasonCategory.ChangedMind, false)]
    public void A_gold_return_is_approved_with_a_pickup_only_when_damaged(ReturnReasonCategory category, bool pickup)
    {
        var decision = _policy.Decide(CustomerTier.Gold, FrequentReturner, category, 10_000m);

        Assert.Equal(ReturnDecisionKind.AutoApproved, decision.Kind);
        Assert.Equal(pickup, decision.PickupOffered);
    }

    [Theory]
    [InlineData(CustomerTier.Standard, ReturnReasonCategory.Damaged)]
    [InlineData(CustomerTier.Silver, ReturnReasonCategory.SizeOrFit)]
    public void A_frequent_returner_goes_to_manual_review(CustomerTier tier, ReturnReasonCategory category)
    {
        var decision = _policy.Decide(tier, FrequentReturner, category, 50m);

        Assert.Equal(ReturnDecisionKind.ManualReview, decision.Kind);
        Assert.False(decision.PickupOffered);
        Assert.Contains("3 of 10", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_return_rate_is_ignored_below_the_minimum_number_of_orders() =>
        Assert.Equal(ReturnDecisionKind.AutoApproved, _policy.Decide(CustomerTier.Standard, FewOrdersManyReturns, ReturnReasonCategory.SizeOrFit, 50m).Kind);

    [Theory]
    [InlineData(ReturnReasonCategory.Damaged)]
    [InlineData(ReturnReasonCategory.NotAsDescribed)]
    public void The_merchants_fault_is_approved_whatever_the_value(ReturnReasonCategory category)
    {
        var decision = _policy.Decide(CustomerTier.Standard, NewCustomer, category, 5_000m);

        Assert.Equal(ReturnDecisionKind.AutoApproved, decision.Kind);
        Assert.Contains("merchant's fault", decision.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReturnReasonCategory.SizeOrFit, 500, ReturnDecisionKind.AutoApproved)]
    [InlineData(ReturnReasonCategory.SizeOrFit, 500.01, ReturnDecisionKind.ManualReview)]
    [InlineData(ReturnReasonCategory.ChangedMind, 499, ReturnDecisionKind.AutoApproved)]
    [InlineData(ReturnReasonCategory.ChangedMind, 800, ReturnDecisionKind.ManualReview)]
    [InlineData(ReturnReasonCategory.Other, 10, ReturnDecisionKind.ManualReview)]
    public void The_customers_own_reasons_are_approved_up_to_the_value_limit(ReturnReasonCategory category, double value, ReturnDecisionKind expected)
    {
        var decision = _policy.Decide(CustomerTier.Silver, NewCustomer, category, (decimal)value);

        Assert.Equal(expected, decision.Kind);
        Assert.False(decision.PickupOffered);
        Assert.False(string.IsNullOrWhiteSpace(decision.Explanation));
    }

    [Fact]
    public void The_value_limit_comes_from_the_options()
    {
        var strict = new ReturnPolicy(new CustomerPolicyOptions { AutoApproveValueLimit = 100m });

        var decision = strict.Decide(CustomerTier.Standard, NewCustomer, ReturnReasonCategory.SizeOrFit, 150m);

        Assert.Equal(ReturnDecisionKind.ManualReview, decision.Kind);
        Assert.Contains("150 CNY", decision.Explanation, StringComparison.Ordinal);
        Assert.Contains("100 CNY", decision.Explanation, StringComparison.Ordinal);
    }
}
