namespace OrderGrains.Runtime.Hosting;

/// <summary>Which storage grain states use when they name none.</summary>
public sealed class SiloStorageOptions
{
    /// <summary>Name of the default storage.</summary>
    public string DefaultStorageName { get; set; } = StorageNames.Default;
}

/// <summary>Well-known storage names.</summary>
public static class StorageNames
{
    /// <summary>The default storage.</summary>
    public const string Default = "Default";
}
