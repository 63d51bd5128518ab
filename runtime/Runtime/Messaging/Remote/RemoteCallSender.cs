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
        var remaining = TimeSpan.FromSeconds((request.DeadlineTimestamp - time.GetTimestamp()) / (double)time.TimestampFrequency);
        try
        {
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException();
            }

            var payload = GrainWire.EncodeCall(request, remaining);
            var connection = await connector.GetAsync(owner.Endpoint).ConfigureAwait(false);
            var answer = await connection.RequestAsync(payload, remaining, request.CancellationToken).ConfigureAwait(false);
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
    }
}
