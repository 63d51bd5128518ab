using OrderGrains.Grains.Rules;

namespace OrderGrains.Domain.Tests.Rules;

public sealed class RuleCanaryTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    public void The_canary_share_is_close_to_the_requested_percentage(double percent)
    {
        var ids = Enumerable.Range(1, 20_000).Select(i => $"C-{i}").ToList();
        var share = ids.Count(id => RuleCanary.Covers(id, percent)) * 100.0 / ids.Count;
        Assert.InRange(share, percent - 1.5, percent + 1.5);
    }

    [Fact]
    public void A_customer_stays_in_or_out_and_a_growing_share_keeps_its_customers()
    {
        var ids = Enumerable.Range(1, 5_000).Select(i => $"CUST-{i:D6}").ToList();
        var ten = ids.Where(id => RuleCanary.Covers(id, 10)).ToHashSet();
        Assert.Equal(ten, ids.Where(id => RuleCanary.Covers(id, 10)).ToHashSet());
        Assert.Subset(ids.Where(id => RuleCanary.Covers(id, 30)).ToHashSet(), ten);
        Assert.DoesNotContain(ids, id => RuleCanary.Covers(id, 0));
        Assert.All(ids, id => Assert.True(RuleCanary.Covers(id, 100)));
    }

    [Fact]
    public void The_bucket_is_a_fixed_function_of_the_id_across_processes()
    {
        // A pinned value (FNV-1a of "rules-canary/customer-42", murmur-mixed, mod 10000): a randomized hash
        // (string.GetHashCode) would differ in every process.
        Assert.Equal(910, RuleCanary.Bucket("customer-42"));
    }
}
