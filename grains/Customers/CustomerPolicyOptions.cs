using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Grains.Customers;

/// <summary>Settings of the customer policies: duplicate-order detection and returns.</summary>
public sealed class CustomerPolicyOptions
{
    /// <summary>The defaults (a new instance each time, so callers cannot change the shared defaults).</summary>
    public static CustomerPolicyOptions Default => new();

    /// <summary>How far apart two near-identical orders may be placed and still count as duplicates.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>What to do with a detected duplicate.</summary>
    public DuplicatePolicy DuplicatePolicy { get; set; } = DuplicatePolicy.HoldForConfirmation;

    /// <summary>Returns per order at or above which a customer's returns go to manual review.</summary>
    public double HighReturnRate { get; set; } = 0.3;

    /// <summary>Orders a customer needs before the return rate is considered.</summary>
    public int HighReturnMinOrders { get; set; } = 5;

    /// <summary>Value (CNY) above which a return the customer is responsible for goes to manual review.</summary>
    public decimal AutoApproveValueLimit { get; set; } = 500m;
}
