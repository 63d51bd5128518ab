namespace OrderGrains.Runtime;

/// <summary>
/// Identity of a grain: its grain type (for example <c>order</c>) and a string key (for example <c>ORD-1</c>),
/// written as <c>order/ORD-1</c>. A grain always exists logically; the identity says nothing about where it runs.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    private readonly int _hash;

    /// <summary>Creates an identity from a grain type and a key.</summary>
    /// <exception cref="ArgumentException">The type is empty or contains '/', or the key is null.</exception>
    public GrainId(string type, string key)
    {
        if (string.IsNullOrEmpty(type) || type.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Grain type '{type}' must be non-empty and must not contain '/'.", nameof(type));
        }

        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
        _hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(type), StringComparer.Ordinal.GetHashCode(key));
    }

    /// <summary>The grain type, e.g. <c>order</c>.</summary>
    public string Type { get; }

    /// <summary>The grain's key within its type, e.g. <c>ORD-1</c>.</summary>
    public string Key { get; }

    /// <summary>True for the default value, which names no grain.</summary>
    public bool IsDefault => Type is null;

    /// <summary>
    /// A hash of the identity that is the same in every process, machine and version (FNV-1a over UTF-8 of
    /// <c>type/key</c>); placement and storage partitioning use it. Never use <see cref="GetHashCode"/> for that.
    /// </summary>
    public uint StableHash => Runtime.StableHash.Fnv1a32(Type, Key);

    /// <summary>Parses <c>type/key</c>; the key may itself contain '/'.</summary>
    public static GrainId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{value}' is not a grain id of the form type/key.");
        }

        return new GrainId(value[..slash], value[(slash + 1)..]);
    }

    /// <inheritdoc/>
    public bool Equals(GrainId other) =>
        _hash == other._hash && string.Equals(Type, other.Type, StringComparison.Ordinal) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <inheritdoc/>
    public override string ToString() => IsDefault ? "(none)" : $"{Type}/{Key}";

    /// <summary>Equality.</summary>
    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
