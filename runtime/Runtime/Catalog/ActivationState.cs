namespace OrderGrains.Runtime.Catalog;

/// <summary>Lifecycle of an activation.</summary>
internal enum ActivationState
{
    /// <summary>In the catalog; activation not started.</summary>
    Created,

    /// <summary>Constructing, reading state, OnActivateAsync.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Running OnDeactivateAsync; requests wait and go to the next activation.</summary>
    Deactivating,

    /// <summary>Gone; the catalog entry is being removed.</summary>
    Invalid,
}
