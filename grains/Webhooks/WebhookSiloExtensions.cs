using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Hosting;

namespace OrderGrains.Grains.Webhooks;

/// <summary>Adds webhook delivery to a silo: options (section <c>OrderGrains:Webhooks</c>, validated at start), the HTTP client and metrics.</summary>
public static class WebhookSiloExtensions
{
    /// <summary>Registers what the webhook grains need; the grains themselves come with the domain's grain assembly.</summary>
    public static ISiloBuilder AddWebhooks(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .Validate(
                static o =>
                {
                    o.Validate();
                    return true;
                },
                $"Invalid {WebhookOptions.Section} options.")
            .ValidateOnStart();
        services.TryAddSingleton(static sp => new WebhookMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookOptions.HttpClientName, static client =>
            {
                // Each attempt is timed by its resilience pipeline; the client itself must not cut it short.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("OrderGrains-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(static sp => CreateHandler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value))

            // The default request logging would write whole URLs, whose query strings may hold receivers' tokens.
            .RemoveAllLoggers();
        return builder;
    }

    private static SocketsHttpHandler CreateHandler(WebhookOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // A redirect could lead anywhere (another host, an internal address): a 3xx is a failed attempt.
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxResponseHeadersLength = 16,
        };
        if (!options.AllowPrivateNetworks)
        {
            handler.ConnectCallback = ConnectToPublicAddressAsync;
        }

        return handler;
    }

    /// <summary>Connects only to public addresses, checked after DNS resolution so a name cannot be pointed at an internal service.</summary>
    private static async ValueTask<Stream> ConnectToPublicAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = addresses.Where(a => !WebhookNetworkRules.IsNonPublic(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException($"The webhook host {endpoint.Host} resolves to no public address.");
        }

        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"Could not connect to the webhook host {endpoint.Host}.", last);
    }
}
