using OrderGrains.ClientApi.Security;

namespace OrderGrains.ClientApi;

/// <summary>Options of the HTTP API (configuration section <c>OrderGrains:Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "OrderGrains:Api";

    /// <summary>Authentication: JWT bearer tokens and API keys.</summary>
    public ApiAuthOptions Auth { get; set; } = new();

    /// <summary>Per-client rate limit.</summary>
    public ApiRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Largest accepted request body, in bytes (default 256 KiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Fails start-up with a clear message on bad settings.</summary>
    public void Validate()
    {
        if (MaxRequestBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            throw new InvalidOperationException("OrderGrains:Api:MaxRequestBodyBytes must be between 1 KiB and 64 MiB.");
        }

        Auth.Validate();
        RateLimit.Validate();
    }
}
