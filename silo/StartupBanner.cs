using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OrderGrains.Silo;

/// <summary>Prints where the silo listens once the server is up.</summary>
internal sealed partial class StartupBanner(IServer server, IHostApplicationLifetime lifetime, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                Listening(logger, address, $"{address}/health");
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(3000, LogLevel.Information, "OrderGrains silo listening on {Address} (health: {Health}); Ctrl+C stops it gracefully")]
    private static partial void Listening(ILogger logger, string address, string health);
}
