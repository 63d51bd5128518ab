using System.Net;
using System.Text.Json;
using OrderGrains.Runtime.Messaging.Remote;
using OrderGrains.Runtime.Messaging.Transport;

namespace OrderGrains.Runtime.Diagnostics;

/// <summary>
/// Sends the silo-addressed <c>$silo-stats</c> system call over the silo transport (its own connections, so it never
/// queues behind grain calls' connection attempts) and returns the silo's answer.
/// </summary>
public sealed class SiloSystemCalls : IAsyncDisposable
{
    private readonly FrameConnector _connector;

    /// <summary>Creates a caller that introduces itself as <paramref name="callerName"/>.</summary>
    public SiloSystemCalls(string callerName, TransportOptions transport, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _connector = new FrameConnector(callerName + "/diagnostics", transport, time: time);
    }

    /// <summary>Asks the silo at <paramref name="endpoint"/> its stats provider's answer to <paramref name="query"/>.</summary>
    /// <exception cref="SiloUnavailableException">The silo cannot be reached.</exception>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    public async Task<JsonElement> QueryStatsAsync(IPEndPoint endpoint, JsonElement query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = await _connector.GetAsync(endpoint, cancellationToken).ConfigureAwait(false);
        var answer = await connection.RequestAsync(GrainWire.EncodeSiloStatsRequest(query), timeout, cancellationToken).ConfigureAwait(false);
        return GrainWire.DecodeSystemResult(answer);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _connector.DisposeAsync();
}
