using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderGrains.Api.Tests.Channels;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>
/// A private host for the fuzzer: rate limiting off (the fuzzer is one client sending thousands of requests), a 2 MiB
/// body limit (so a 1 MB string fits and a 3 MB one does not), the two test channels, and a few real orders to aim at.
/// </summary>
public sealed class FuzzTestHost : IAsyncLifetime
{
    public const long MaxBodyBytes = 2 * 1024 * 1024;

    private ApiHost? _host;

    public ApiHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public FuzzIds Ids { get; } = new();

    public ServerErrorLog ServerErrors { get; } = new();

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync(
        [
            .. ChannelTestHost.Settings,
            "--OrderGrains:Api:RateLimit:Enabled=false",
            $"--OrderGrains:Api:MaxRequestBodyBytes={MaxBodyBytes}",
        ]);
        Host.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(ServerErrors);
        Ids.Skus.AddRange(Host.Network.Skus.Select(s => s.Sku));
        Ids.Warehouses.AddRange(Host.Network.Warehouses.Select(w => w.WarehouseId));
        Ids.Customers.AddRange(Host.Network.Customers.Select(c => c.CustomerId));

        using var admin = Host.Client(ApiRoles.Admin, subject: "fuzz-seeder");
        for (var i = 0; i < 12; i++)
        {
            using var placed = await admin.PostJsonAsync("/api/v1/orders", ApiTestData.Order(Host, customer: i, sku: i * 5, quantity: 1 + (i % 3)), $"fuzz-seed-{i}");
            if (placed.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Seeding order {i} failed: {(int)placed.StatusCode} {await placed.Content.ReadAsStringAsync()}");
            }

            var order = await placed.ReadAsync<OrderView>();
            Ids.Orders.Add(order.OrderId);
            Ids.Shipments[order.OrderId] = [.. order.Shipments.Select(s => s.ShipmentId)];
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
