namespace OrderGrains.Grains.Inventory;

/// <summary>The counters of a stock slot, checked against the invariant before any of them is applied.</summary>
internal readonly record struct StockLevels(int OnHand, int Reserved, int SafetyStock)
{
    /// <summary>Units that can still be reserved (never negative while the invariant holds).</summary>
    public int Available => OnHand - SafetyStock - Reserved;

    /// <summary>Throws if the counters break Reserved ≤ OnHand − SafetyStock (or go negative): that is a bug, never a business refusal.</summary>
    /// <exception cref="InvalidOperationException">The invariant would be broken.</exception>
    public StockLevels EnsureValid(string slot)
    {
        if (OnHand < 0 || Reserved < 0 || SafetyStock < 0 || Reserved > OnHand - SafetyStock)
        {
            throw new InvalidOperationException(
                $"Stock invariant broken in {slot}: on hand {OnHand}, reserved {Reserved}, safety stock {SafetyStock} (reserved must not exceed on hand minus safety stock).");
        }

        return this;
    }
}
