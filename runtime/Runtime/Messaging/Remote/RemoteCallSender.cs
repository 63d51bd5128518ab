using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Messaging.Transport;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Runtime.Messaging.Remote;

/// <summary>Sends a grain call to the silo that owns its grain and completes the caller's request with the answer.</summary>
internal sealed class RemoteCallSender(FrameConnector connector, TimeProvider time)
{
    public void Send(SiloEndpoint owner, GrainRequest request) => _ = SendAsync(owner, request);

    private async Task SendAsync(SiloEndpoint owner, GrainRequest request)
    {
        if (await TrySendAsync(owner, request, hops: 0).ConfigureAwait(false) is { } notSent)
        {
            request.TryFail(notSent);
        }
    }

    /// <summary>
    /// Sends the call and completes the request with the answer (or the failure). Returns the reason instead, leaving
    /// the request pending, only when the call surely did not run: the silo could not be reached before sending, or
    /// it answered that it does not own the grain's partition. Such a call may be sent again.
    /// </summary>
    public async Task<Exception?> TrySendAsync(SiloEndpoint owner, GrainRequest request, int hops)
    {
        var remaining = TimeSpan.FromSeconds((request.DeadlineTimestamp - time.GetTimestamp()) / (double)time.TimestampFrequency);
        FrameConnection connection;
        try
        {
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException();
            }

            connection = await connector.GetAsync(owner.Endpoint).ConfigureAwait(false);
        }
        catch (SiloUnavailableException e)
        {
            return e;
        }
        catch (TimeoutException)
        {
            request.TryFail(new GrainCallTimeoutException(request.TargetId, request.FullMethodName, request.Timeout));
            return null;
        }
        catch (TransportException e)
        {
            request.TryFail(e);
            return null;
        }

        if (!connection.IsConnected)
        {
            return new SiloUnavailableException($"The connection to {owner.Name} is closed.");
        }

        try
        {
            var payload = GrainWire.EncodeCall(request, remaining, hops);
            var answer = await connection.RequestAsync(payload, remaining, request.CancellationToken).ConfigureAwait(false);
            if (GrainWire.IsNotOwner(answer))
            {
                return new NotPartitionOwnerException($"Silo {owner.Name} does not own the partition of {request.TargetId}.");
            }

            GrainWire.Complete(request, answer);
        }
        catch (TimeoutException)
        {
            request.TryFail(new GrainCallTimeoutException(request.TargetId, request.FullMethodName, request.Timeout));
        }
        catch (OperationCanceledException) when (request.CancellationToken.IsCancellationRequested)
        {
            request.TryFail(new OperationCanceledException(request.CancellationToken));
        }
        catch (RemoteCallFailedException e)
        {
            request.TryFail(new RemoteGrainException(e.Code, e.Message, e.Code));
        }
        catch (Exception e) when (e is SiloUnavailableException or TransportException or NotSupportedException or System.Text.Json.JsonException)
        {
            request.TryFail(e);
        }

        return null;
    }
}
