namespace OrderGrains.Runtime.Hosting;

/// <summary>A silo service started after storage is ready and stopped before activations are deactivated.</summary>
public interface ISiloLifecycleParticipant
{
    /// <summary>Starts the service.</summary>
    Task OnStartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the service.</summary>
    Task OnStopAsync(CancellationToken cancellationToken);
}
