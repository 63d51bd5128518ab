using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.ClientApi;
using OrderGrains.Runtime.Testing;
using OrderGrains.Silo;

namespace OrderGrains.Runtime.Tests.Host;

public sealed class SiloHostTests
{
    [Fact]
    public async Task Silo_host_on_sqlite_serves_health_and_stops_gracefully()
    {
        using var directory = TestDirectory.Create();
        var database = Path.Combine(directory.Path, "host.db");
        var builder = WebApplication.CreateBuilder(
        [
            "--OrderGrains:Http:Urls=http://127.0.0.1:0",
            $"--OrderGrains:Storage:ConnectionString=Data Source={database}",
            "--OrderGrains:Silo:CollectionAge=00:05:00",
            "--Logging:LogLevel:Default=Warning",
            "--OrderGrains:Api:Auth:SigningKey=development",
        ]);
        builder.AddOrderGrainsSiloHost();
        await using var app = builder.Build();
        app.MapOrderGrainsHealth();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var ready = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.True(File.Exists(database));
        Assert.Equal(TimeSpan.FromMinutes(5), app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SiloOptions>>().Value.CollectionAge);

        await app.StopAsync();
        Assert.False(app.Services.GetRequiredService<OrderGrains.Runtime.Hosting.Silo>().IsRunning);
    }

    [Fact]
    public void Silo_host_refuses_to_start_without_a_storage_connection_string()
    {
        var builder = WebApplication.CreateBuilder(["--OrderGrains:Storage:ConnectionString="]);
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddOrderGrainsSiloHost());
        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_storage_provider_fails_start_with_a_clear_error()
    {
        var builder = WebApplication.CreateBuilder(["--OrderGrains:Storage:Provider=Oracle", "--OrderGrains:Http:Urls=http://127.0.0.1:0", "--OrderGrains:Api:Auth:SigningKey=development"]);
        builder.AddOrderGrainsSiloHost();
        await using var app = builder.Build();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => app.StartAsync());
        Assert.Contains("unknown provider 'Oracle'", error.Message, StringComparison.Ordinal);
    }
}
