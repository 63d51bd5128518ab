using System.Buffers;
using System.Text.Json;
using OrderGrains.Runtime.Internal;
using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime.Messaging.Remote;

/// <summary>A silo's partition map as sent to clients: owners as <c>address:port</c>.</summary>
internal sealed record WirePartitionMap(bool Dynamic, IReadOnlyList<string?> Owners);

/// <summary>A grain call as it arrives from another silo.</summary>
internal sealed record IncomingCall(GrainId Target, string Method, TimeSpan Timeout, CallChainLink? CallChain, JsonElement Arguments, int Hops = 0);

/// <summary>
/// The JSON of grain calls between processes. A call: target, method (interface, name, ordinal), the time left to
/// its deadline, the call chain (so reentrancy across silos sees A -> B -> A) and the arguments. An answer: the
/// result, or the exception's type, message and code. Only calls that leave the process are serialized.
/// </summary>
internal static class GrainWire
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General);

    public static byte[] EncodeCall(GrainRequest request, TimeSpan timeout, int hops = 0)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", request.TargetId.Type);
            writer.WriteString("key", request.TargetId.Key);
            writer.WriteString("method", request.WireMethod);
            writer.WriteNumber("timeoutMs", Math.Max(1, (long)timeout.TotalMilliseconds));
            if (hops > 0)
            {
                writer.WriteNumber("hops", hops);
            }
            writer.WriteStartArray("chain");
            for (var link = request.CallChain; link is not null; link = link.Next)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(link.GrainId.Type);
                writer.WriteStringValue(link.GrainId.Key);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WritePropertyName("args");
            request.WriteArguments(writer, Options);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static IncomingCall DecodeCall(byte[] payload)
    {
        var root = JsonDocument.Parse(payload).RootElement;
        var method = root.GetProperty("method").GetString()!;
        if (method is TypeMapMethod or PartitionMapMethod)
        {
            return new IncomingCall(default, method, TimeSpan.Zero, null, default);
        }

        if (method == SiloStatsMethod)
        {
            return new IncomingCall(default, method, TimeSpan.Zero, null, root.TryGetProperty("args", out var query) ? query : default);
        }

        var links = root.GetProperty("chain").EnumerateArray().Select(l => new GrainId(l[0].GetString()!, l[1].GetString()!)).ToList();
        CallChainLink? chain = null;
        for (var i = links.Count - 1; i >= 0; i--)
        {
            chain = new CallChainLink(links[i], chain);
        }

        return new IncomingCall(
            new GrainId(root.GetProperty("type").GetString()!, root.GetProperty("key").GetString()!),
            method,
            TimeSpan.FromMilliseconds(root.GetProperty("timeoutMs").GetInt64()),
            chain,
            root.GetProperty("args"),
            root.TryGetProperty("hops", out var hops) ? hops.GetInt32() : 0);
    }

    private static readonly byte[] NotOwnerAnswer = "{\"notOwner\":true}"u8.ToArray();

    /// <summary>The answer of a silo that does not own the call's partition and did not run it.</summary>
    public static byte[] EncodeNotOwner() => NotOwnerAnswer;

    /// <summary>True when <paramref name="answer"/> says the silo does not own the partition (the call did not run).</summary>
    public static bool IsNotOwner(byte[] answer) => answer.AsSpan().SequenceEqual(NotOwnerAnswer);

    /// <summary>The method name of the system call that asks a silo for its grain types.</summary>
    public const string TypeMapMethod = "$type-map";

    /// <summary>The method name of the system call that asks a silo for its partition map.</summary>
    public const string PartitionMapMethod = "$partition-map";

    public static byte[] EncodePartitionMapRequest() =>
        JsonSerializer.SerializeToUtf8Bytes(new { method = PartitionMapMethod });

    /// <summary>A silo's view of the cluster: whether partitions move, and each partition's owner endpoint (or null).</summary>
    public static byte[] EncodePartitionMap(bool dynamic, IReadOnlyList<string?> owners) =>
        JsonSerializer.SerializeToUtf8Bytes(new { result = new WirePartitionMap(dynamic, owners) });

    public static WirePartitionMap DecodePartitionMap(byte[] answer) =>
        JsonDocument.Parse(answer).RootElement.GetProperty("result").Deserialize<WirePartitionMap>(Options)
            ?? throw new JsonException("The silo sent an empty partition map.");

    public static byte[] EncodeTypeMapRequest() =>
        JsonSerializer.SerializeToUtf8Bytes(new { method = TypeMapMethod });

    /// <summary>
    /// The method name of the system call that asks a silo for its statistics (answered by the silo's
    /// <see cref="Diagnostics.ISiloStatsProvider"/>; the arguments are the provider's query).
    /// </summary>
    public const string SiloStatsMethod = "$silo-stats";

    public static byte[] EncodeSiloStatsRequest(JsonElement query) =>
        JsonSerializer.SerializeToUtf8Bytes(new { method = SiloStatsMethod, args = query });

    public static byte[] EncodeSystemResult(JsonElement result) =>
        JsonSerializer.SerializeToUtf8Bytes(new { result });

    /// <summary>The result of a system call's answer, or the remote exception it carries.</summary>
    public static JsonElement DecodeSystemResult(byte[] answer)
    {
        var root = JsonDocument.Parse(answer).RootElement;
        if (root.TryGetProperty("exception", out var type))
        {
            throw RemoteExceptions.Decode(type.GetString()!, root.GetProperty("message").GetString() ?? string.Empty, root.GetProperty("code").GetString());
        }

        return root.GetProperty("result").Clone();
    }

    public static byte[] EncodeTypeMap(IReadOnlyDictionary<string, string> grainTypeByInterface) =>
        JsonSerializer.SerializeToUtf8Bytes(new { result = grainTypeByInterface });

    public static Dictionary<string, string> DecodeTypeMap(byte[] answer) =>
        JsonDocument.Parse(answer).RootElement.GetProperty("result").Deserialize<Dictionary<string, string>>()
            ?? throw new JsonException("The silo sent an empty type map.");

    public static byte[] EncodeResult(GrainRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("result");
            request.WriteResult(writer, Options);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] EncodeException(Exception exception)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("exception", exception.GetType().FullName);
            writer.WriteString("message", exception.Message);
            writer.WriteString("code", RemoteExceptions.CodeOf(exception));
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Completes <paramref name="request"/> with the answer: its result, or the exception rebuilt.</summary>
    public static void Complete(GrainRequest request, byte[] answer)
    {
        var root = JsonDocument.Parse(answer).RootElement;
        if (root.TryGetProperty("exception", out var type))
        {
            request.TryFail(RemoteExceptions.Decode(
                type.GetString()!, root.GetProperty("message").GetString() ?? string.Empty, root.GetProperty("code").GetString()));
            return;
        }

        request.ReadResult(root.GetProperty("result"), Options);
        request.CompleteFromExecution();
    }
}
