using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderGrains.ClientApi;
using OrderGrains.ClientApi.Security;
using OrderGrains.Grains.DemoData;
using OrderGrains.Runtime.Testing;
using OrderGrains.Silo;
using OrderGrains.Tests.Shared;

namespace OrderGrains.Api.Tests;

/// <summary>
/// The co-hosted silo with the API on SQLite, bound to 127.0.0.1 on a free port, with a small demo network loaded
/// (10 warehouses, 60 SKUs, 20 customers) and clients for every role.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    /// <summary>API key of the marketplace channel system.</summary>
    public const string MarketplaceKey = "test-marketplace-key-0123456789abcdef";

    /// <summary>API key of the point-of-sale channel system.</summary>
    public const string PosKey = "test-pos-key-0123456789abcdef-0123";

    private readonly TestDirectory _directory = TestDirectory.Create();
    private readonly string[] _extraArgs;
    private readonly bool _cluster;
    private TwoSiloClusterHost? _clusterHost;
    private WebApplication? _app;

    public ApiHost()
        : this([])
    {
    }

    private ApiHost(string[] extraArgs, bool cluster = false) => (_extraArgs, _cluster) = (extraArgs, cluster);

    public WebApplication App => _app ?? throw new InvalidOperationException("Not started.");

    public Uri BaseAddress { get; private set; } = null!;

    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silos of a cluster host (empty when the API is co-hosted in one silo).</summary>
    public IReadOnlyList<WebApplication> Silos => _clusterHost?.Silos ?? [];

    public DemoNetwork Network { get; } = DemoNetworkGenerator.Generate(skus: 60, customers: 20);

    public ApiAuthOptions Auth => App.Services.GetRequiredService<IOptions<ApiOptions>>().Value.Auth;

    /// <summary>Starts another host with extra command-line settings (e.g. tight rate limits); the caller disposes it.</summary>
    public static async Task<ApiHost> StartAsync(params string[] extraArgs)
    {
        var host = new ApiHost(extraArgs);
        await host.InitializeAsync();
        return host;
    }

    /// <summary>
    /// Starts two silos on a throwaway PostgreSQL as a static cluster, and the API as its own tier attached to them
    /// through a cluster client: every request goes HTTP -> API tier -> TCP -> owning silo. The caller disposes it.
    /// </summary>
    public static async Task<ApiHost> StartClusterAsync()
    {
        var host = new ApiHost([], cluster: true);
        await host.InitializeAsync();
        return host;
    }

    public async Task InitializeAsync()
    {
        if (_cluster)
        {
            await StartClusterTierAsync();
        }
        else
        {
            await StartCoHostedAsync();
        }

        BaseAddress = new Uri(_app!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        await DemoDataLoader.LoadAsync(Grains, Network, CancellationToken.None);
    }

    private async Task StartClusterTierAsync()
    {
        _clusterHost = await TwoSiloClusterHost.StartAsync(
            ["--OrderGrains:Api:Auth:SigningKey=api-tests-signing-key-0123456789abcdef0123456789"],
            ApiArguments,
            mapSilo: _ => { },
            mapTier: tier =>
            {
                tier.MapOrderGrainsHealth();
                tier.MapOrderGrainsApi();
            });
        _app = _clusterHost.Tier;
    }

    private static string[] ApiArguments =>
    [
        "--OrderGrains:Api:Auth:SigningKey=api-tests-signing-key-0123456789abcdef0123456789",
        "--OrderGrains:Api:Auth:ApiKeys:0:ClientId=marketplace-system",
        $"--OrderGrains:Api:Auth:ApiKeys:0:Key={MarketplaceKey}",
        "--OrderGrains:Api:Auth:ApiKeys:0:Role=channel",
        "--OrderGrains:Api:Auth:ApiKeys:0:Channel=marketplace",
        "--OrderGrains:Api:Auth:ApiKeys:1:ClientId=pos-system",
        $"--OrderGrains:Api:Auth:ApiKeys:1:Key={PosKey}",
        "--OrderGrains:Api:Auth:ApiKeys:1:Role=channel",
        "--OrderGrains:Api:Auth:ApiKeys:1:Channel=pos",
    ];

    private async Task StartCoHostedAsync()
    {
        var builder = WebApplication.CreateBuilder(
        [
            "--OrderGrains:Http:Urls=http://127.0.0.1:0",
            $"--OrderGrains:Storage:ConnectionString=Data Source={Path.Combine(_directory.Path, "api.db")}",
            "--OrderGrains:DemoData=false",
            .. ApiArguments,
            "--Logging:LogLevel:Default=Warning",
            .. _extraArgs,
        ]);
        builder.AddOrderGrainsSiloHost();
        _app = builder.Build();
        _app.MapOrderGrainsHealth();
        _app.MapOrderGrainsApi();
        await _app.StartAsync();
    }

    /// <summary>A client with a bearer token of <paramref name="role"/> (and <paramref name="channel"/> for channel systems).</summary>
    public HttpClient Client(string role, string? channel = null, string? subject = null)
    {
        var client = Anonymous();
        var token = DevTokens.Issue(Auth, subject ?? $"test-{role}", role, channel ?? (role == ApiRoles.Channel ? "web" : null));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client authenticated by an API key.</summary>
    public HttpClient ApiKeyClient(string key)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task DisposeAsync()
    {
        if (_clusterHost is not null)
        {
            await _clusterHost.DisposeAsync();
        }
        else if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _directory.Dispose();
    }
}

/// <summary>Tests sharing one <see cref="ApiHost"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiHost>
{
    public const string Name = "api";
}
