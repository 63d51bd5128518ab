namespace OrderGrains.Runtime;

/// <summary>Why an activation is deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>The grain asked for it with <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested,

    /// <summary>Idle longer than its collection age.</summary>
    IdleCollection,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>A state write found the stored version changed (another writer), so memory is stale.</summary>
    InconsistentState,

    /// <summary>Activation failed.</summary>
    ActivationFailed,

    /// <summary>The silo lost or handed over the lease of the grain's partition: another silo serves the grain now.</summary>
    PartitionMoved,

    /// <summary>A state write failed (storage unavailable), so memory holds changes that storage does not.</summary>
    StorageFailed,
}

/// <summary>Why an activation is deactivated, with a description.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Code}: {Description}";
}
