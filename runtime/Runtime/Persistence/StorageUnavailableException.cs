namespace OrderGrains.Runtime;

/// <summary>
/// The storage transaction failed as a whole (database unreachable, I/O error). The write may not have happened;
/// retrying is safe because every write is checked against the version it read.
/// </summary>
public sealed class StorageUnavailableException(string storageName, Exception innerException)
    : Exception($"Storage '{storageName}' failed to commit: {innerException.Message}", innerException)
{
    /// <summary>The storage that failed.</summary>
    public string StorageName { get; } = storageName;
}
