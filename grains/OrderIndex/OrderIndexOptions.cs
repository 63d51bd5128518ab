namespace OrderGrains.Grains.OrderIndex;

/// <summary>Settings of the order index writer.</summary>
public sealed class OrderIndexOptions
{
    /// <summary>Most changes written in one transaction (changes waiting together share it).</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (MaxBatchSize is < 1 or > 10_000)
        {
            throw new InvalidOperationException($"OrderIndex: MaxBatchSize must be 1-10000 (is {MaxBatchSize}).");
        }
    }
}
