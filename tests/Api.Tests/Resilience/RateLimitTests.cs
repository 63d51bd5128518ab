using System.Diagnostics;
using System.Net;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.Api.Tests.Resilience;

/// <summary>Per-client token buckets: a client over its limit gets 429 with Retry-After; other clients do not notice.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const int Burst = 3;
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync(
        "--OrderGrains:Api:RateLimit:PermitsPerSecond=1",
        $"--OrderGrains:Api:RateLimit:Burst={Burst}");

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Client_over_its_limit_gets_429_with_retry_after_and_other_clients_are_served()
    {
        using var greedy = _host.Client(ApiRoles.Viewer, subject: "greedy-client");
        var (statuses, elapsed) = await BurstAsync(greedy, Burst + 7);

        // The bucket starts full, so the first requests pass; at most one more token per elapsed second refills.
        Assert.All(statuses.Take(Burst), s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.InRange(statuses.Count(s => s != HttpStatusCode.TooManyRequests), Burst, Burst + (int)Math.Ceiling(elapsed.TotalSeconds));

        using var rejected = await greedy.GetAsync("/api/v1/orders/ORD-rate-probe");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("request.rate-limited", await rejected.ProblemCodeAsync());
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.True(rejected.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {rejected.Headers.RetryAfter}");

        using var other = _host.Client(ApiRoles.Viewer, subject: "patient-client");
        using var served = await other.GetAsync("/api/v1/orders/ORD-rate-probe");
        Assert.Equal(HttpStatusCode.NotFound, served.StatusCode);
    }

    [Fact]
    public async Task Callers_without_credentials_share_a_limit_per_address_and_health_is_never_limited()
    {
        using var anonymous = _host.Anonymous();
        var (statuses, _) = await BurstAsync(anonymous, Burst + 7);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses.Take(Burst), s => Assert.Equal(HttpStatusCode.Unauthorized, s));

        for (var i = 0; i < Burst + 2; i++)
        {
            using var health = await anonymous.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    private static async Task<(List<HttpStatusCode> Statuses, TimeSpan Elapsed)> BurstAsync(HttpClient client, int count)
    {
        var statuses = new List<HttpStatusCode>();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync("/api/v1/orders/ORD-rate-probe");
            statuses.Add(response.StatusCode);
        }

        return (statuses, Stopwatch.GetElapsedTime(started));
    }
}
