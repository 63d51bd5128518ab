using System.Text;

namespace OrderGrains.Runtime;

/// <summary>
/// FNV-1a (32-bit): a hash that is identical in every process and version, unlike <see cref="string.GetHashCode()"/>,
/// which is randomized per process. Used for placement partitions and storage keys.
/// </summary>
public static class StableHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>Hashes the UTF-8 bytes of <paramref name="value"/>.</summary>
    public static uint Fnv1a32(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Append(OffsetBasis, value);
    }

    /// <summary>Hashes the UTF-8 bytes of <c>type + "/" + key</c> without building the string.</summary>
    public static uint Fnv1a32(string type, string key)
    {
        var hash = Append(OffsetBasis, type);
        hash = (hash ^ '/') * Prime;
        return Append(hash, key);
    }

    private static uint Append(uint hash, string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        var remaining = value.AsSpan();
        while (!remaining.IsEmpty)
        {
            // Chunks end on whole chars; each char takes at most 3 UTF-8 bytes (surrogate pairs take 4 for 2 chars).
            var take = Math.Min(remaining.Length, buffer.Length / 3);
            if (take < remaining.Length && char.IsHighSurrogate(remaining[take - 1]))
            {
                take--;
            }

            var written = Encoding.UTF8.GetBytes(remaining[..take], buffer);
            foreach (var b in buffer[..written])
            {
                hash = (hash ^ b) * Prime;
            }

            remaining = remaining[take..];
        }

        return hash;
    }
}
