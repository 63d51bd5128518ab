using System.Globalization;
using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Grains.Customers;

/// <summary>
/// Decides how a return is handled from the customer's tier and history, the reason's category and the value. Rules in
/// order, the first that applies wins: VIP; Gold; frequent returner; merchant's fault; value over the limit; the
/// customer's own reasons within policy; anything else to a person.
/// </summary>
public sealed class ReturnPolicy(CustomerPolicyOptions options)
{
    /// <summary>The decision for a return.</summary>
    /// <param name="tier">The customer's tier.</param>
    /// <param name="history">The customer's history before this return.</param>
    /// <param name="category">The category of the return reason.</param>
    /// <param name="value">The value of the returned goods in CNY.</param>
    public ReturnDecision Decide(CustomerTier tier, CustomerHistory history, ReturnReasonCategory category, decimal value)
    {
        if (tier == CustomerTier.Vip)
        {
            return Approved(category, pickup: true, "VIP customer: the return is approved automatically and a courier pickup is offered.");
        }

        if (tier == CustomerTier.Gold)
        {
            return category == ReturnReasonCategory.Damaged
                ? Approved(category, pickup: true, "Gold customer with a damaged item: the return is approved automatically and a courier pickup is offered.")
                : Approved(category, pickup: false, "Gold customer: the return is approved automatically.");
        }

        if (history.Orders >= options.HighReturnMinOrders && history.ReturnRate >= options.HighReturnRate)
        {
            return Review(category, string.Create(
                CultureInfo.InvariantCulture,
                $"The customer has returned {history.Returns} of {history.Orders} orders ({history.ReturnRate:P0}), at or above the {options.HighReturnRate:P0} limit: a person reviews the return."));
        }

        if (category is ReturnReasonCategory.Damaged or ReturnReasonCategory.NotAsDescribed)
        {
            var what = category == ReturnReasonCategory.Damaged ? "arrived damaged" : "is not as described";
            return Approved(category, pickup: false, $"The item {what}, which is the merchant's fault: the return is approved automatically.");
        }

        if (value > options.AutoApproveValueLimit)
        {
            return Review(category, string.Create(
                CultureInfo.InvariantCulture,
                $"The return is worth {value:0.##} CNY, above the {options.AutoApproveValueLimit:0.##} CNY limit for automatic approval: a person reviews it."));
        }

        return category switch
        {
            ReturnReasonCategory.SizeOrFit => Approved(category, pickup: false, "The item does not fit: the return is within policy and approved automatically."),
            ReturnReasonCategory.ChangedMind => Approved(category, pickup: false, "The customer changed their mind: the return is within policy and approved automatically."),
            _ => Review(category, "The reason could not be classified: a person reviews the return."),
        };
    }

    private static ReturnDecision Approved(ReturnReasonCategory category, bool pickup, string explanation) =>
        new(ReturnDecisionKind.AutoApproved, category, pickup, explanation);

    private static ReturnDecision Review(ReturnReasonCategory category, string explanation) =>
        new(ReturnDecisionKind.ManualReview, category, PickupOffered: false, explanation);
}
