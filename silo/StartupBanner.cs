using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OrderGrains.ClientApi;

namespace OrderGrains.Silo;

/// <summary>Prints where the silo listens once the server is up, and warns when tokens use the development key.</summary>
internal sealed partial class StartupBanner(IServer server, IHostApplicationLifetime lifetime, IOptions<ApiOptions> api, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                Listening(logger, address, $"{address}/health", $"{address}/api/docs", $"{address}/dashboard");
            }

            if (api.Value.Auth.Enabled && api.Value.Auth.UsesDevelopmentKey)
            {
                DevelopmentKey(logger);
            }
            else if (!api.Value.Auth.Enabled)
            {
                AuthenticationDisabled(logger);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(3000, LogLevel.Information, "OrderGrains silo listening on {Address} (health: {Health}, API: {Docs}, dashboard: {Dashboard}); Ctrl+C stops it gracefully")]
    private static partial void Listening(ILogger logger, string address, string health, string docs, string dashboard);

    [LoggerMessage(3001, LogLevel.Warning, "API tokens are signed with the built-in development key: for local use only; set OrderGrains:Api:Auth:SigningKey in production. Get a token with: dotnet run --project silo -- dev-token --role admin")]
    private static partial void DevelopmentKey(ILogger logger);

    [LoggerMessage(3002, LogLevel.Warning, "API authentication is disabled by configuration: every caller acts as admin")]
    private static partial void AuthenticationDisabled(ILogger logger);
}
