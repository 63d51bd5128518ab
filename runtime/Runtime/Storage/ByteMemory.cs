using System.Runtime.InteropServices;

namespace OrderGrains.Runtime.Storage;

/// <summary>Payload bytes as the array APIs need them.</summary>
internal static class ByteMemory
{
    /// <summary>The array behind <paramref name="value"/> when it is a whole array (no copy), otherwise a copy.</summary>
    public static byte[] AsArray(this ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();
}
