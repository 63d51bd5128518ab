namespace OrderGrains.ClientApi.Security;

/// <summary>
/// Per-client rate limit of the API (configuration section <c>OrderGrains:Api:RateLimit</c>): a token bucket per
/// authenticated client id, or per remote IP address for callers without valid credentials.
/// </summary>
public sealed class ApiRateLimitOptions
{
    /// <summary>False turns rate limiting off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second a client may send (the bucket's refill rate).</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>Requests a client may send at once after a quiet period (the bucket's size); at least <see cref="PermitsPerSecond"/> is typical.</summary>
    public int Burst { get; set; } = 400;

    /// <summary>Fails start-up with a clear message on bad settings.</summary>
    public void Validate()
    {
        if (PermitsPerSecond is < 1 or > 1_000_000)
        {
            throw new InvalidOperationException("OrderGrains:Api:RateLimit:PermitsPerSecond must be between 1 and 1000000.");
        }

        if (Burst is < 1 or > 10_000_000)
        {
            throw new InvalidOperationException("OrderGrains:Api:RateLimit:Burst must be between 1 and 10000000.");
        }
    }
}
