namespace OrderGrains.Runtime;

/// <summary>A grain call did not complete before its deadline. The call may or may not have taken effect.</summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public GrainCallTimeoutException(GrainId grainId, string method, TimeSpan timeout)
        : base($"Call to {grainId}.{method} did not complete within {timeout.TotalSeconds:0.###} s.")
    {
        GrainId = grainId;
        Method = method;
        Timeout = timeout;
    }

    /// <summary>The called grain.</summary>
    public GrainId GrainId { get; }

    /// <summary>The called method (Interface.Method).</summary>
    public string Method { get; }

    /// <summary>The deadline that expired.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>The grain could not be activated (its constructor, state read or OnActivateAsync failed).</summary>
public sealed class GrainActivationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrainActivationException(GrainId grainId, Exception innerException)
        : base($"Activation of {grainId} failed: {innerException.Message}", innerException) => GrainId = grainId;

    /// <summary>The grain that failed to activate.</summary>
    public GrainId GrainId { get; }
}

/// <summary>The silo is shutting down and accepts no new calls; retry against the cluster.</summary>
public sealed class SiloUnavailableException(string message) : Exception(message);

/// <summary>
/// The stored version of a grain state differs from the version this activation read: another writer changed it.
/// The activation is deactivated so that the next call reads the current state.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(GrainId grainId, string stateName, string? expectedEtag)
        : base($"State '{stateName}' of {grainId} was changed by another writer (expected version {expectedEtag ?? "none"}).")
    {
        GrainId = grainId;
        StateName = stateName;
        ExpectedEtag = expectedEtag;
    }

    /// <summary>The grain whose state conflicted.</summary>
    public GrainId GrainId { get; }

    /// <summary>The state name.</summary>
    public string StateName { get; }

    /// <summary>The version this activation expected.</summary>
    public string? ExpectedEtag { get; }
}

/// <summary>
/// A write was rejected because this silo no longer holds the lease of the grain's partition (another silo took it
/// over, or the lease expired). Nothing of the write was applied; the activation is deactivated, and a retry is
/// served by the partition's current owner.
/// </summary>
public sealed class PartitionLeaseLostException(string message) : Exception(message);
