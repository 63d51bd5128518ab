using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderGrains.Api.Tests.Channels;

namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>
/// Generates malformed and hostile requests for an endpoint from a seeded <see cref="Random"/>: the same seed gives the
/// same requests. Bodies start from a plausible value of the endpoint's body type and are then broken at the JSON level
/// (wrong types, boundary numbers, nulls, missing and unknown fields) or at the byte level (deep nesting, long strings,
/// bad UTF-8, duplicate keys, truncation, wrong media types).
/// </summary>
public sealed class FuzzRequestGenerator(int seed, ApiHost host, FuzzIds ids, long maxBodyBytes)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private Random _random = new(seed);

    /// <summary>Case <paramref name="index"/> of the run: its own random stream, so cases can be generated in any order.</summary>
    public FuzzCase Next(int index, FuzzEndpoint target)
    {
        _random = new Random(unchecked((seed * 1_000_003) + index));
        var kinds = new List<string>();
        var method = Chance(4) ? Pick(Methods) : target.Method;
        if (method != target.Method)
        {
            kinds.Add("wrong-method");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var hostileRoute = Chance(20);
        var path = target.Path(name => values[name] = hostileRoute ? Pick(FuzzValues.RouteValues) : RouteValue(name, values));
        if (hostileRoute && target.Pattern.Parameters.Count > 0)
        {
            kinds.Add("hostile-route");
        }

        if (Chance(25))
        {
            path += Pick(FuzzValues.Queries);
            kinds.Add("hostile-query");
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (Chance(10))
        {
            headers.Add(new("Accept", Pick(FuzzValues.Accepts)));
            kinds.Add("accept");
        }

        if (method is not "GET" and not "DELETE")
        {
            var key = IdempotencyKey(index, kinds);
            if (key is not null)
            {
                headers.Add(new("Idempotency-Key", key));
            }
        }

        if (Chance(3))
        {
            headers.Add(new("Last-Event-ID", Pick(["-1", "NaN", "99999999999999999999", "' OR 1=1", "1e5"])));
            kinds.Add("last-event-id");
        }

        byte[]? body = null;
        string? contentType = null;
        if (target.BodyType is not null || method is "POST" or "PUT" or "PATCH" || Chance(10))
        {
            (body, var bodyKind) = Body(target, values);
            kinds.Add(bodyKind);
            contentType = "application/json";
            if (body is not null && Chance(12))
            {
                contentType = Pick(FuzzValues.ContentTypes);
                kinds.Add("content-type");
            }
        }

        return new FuzzCase(index, string.Join('+', kinds.DefaultIfEmpty("plain")), target, method, path, headers, body, contentType);
    }

    private string RouteValue(string name, Dictionary<string, string> chosen)
    {
        var n = name.ToLowerInvariant();
        if (n.Contains("shipment", StringComparison.Ordinal))
        {
            var order = chosen.FirstOrDefault(v => v.Key.Contains("order", StringComparison.OrdinalIgnoreCase)).Value;
            return order is not null && ids.Shipments.TryGetValue(order, out var shipments) && shipments.Count > 0 && !Chance(20)
                ? Pick(shipments)
                : "S1";
        }

        return n switch
        {
            _ when n.Contains("order", StringComparison.Ordinal) => Pick(ids.Orders),
            _ when n.Contains("sku", StringComparison.Ordinal) => Pick(ids.Skus),
            _ when n.Contains("warehouse", StringComparison.Ordinal) => Pick(ids.Warehouses),
            _ when n.Contains("customer", StringComparison.Ordinal) => Pick(ids.Customers),
            _ when n.Contains("channel", StringComparison.Ordinal) => Pick(ids.Channels),
            _ => "fuzz-" + _random.Next(1_000).ToString(CultureInfo.InvariantCulture),
        };
    }

    private string? IdempotencyKey(int index, List<string> kinds)
    {
        var roll = _random.Next(100);
        if (roll < 65)
        {
            return $"fuzz-{seed}-{index}";
        }

        if (roll < 80 && index > 0)
        {
            // The key of an earlier case, usually of another endpoint or body: a replay or a conflict.
            kinds.Add("reused-key");
            return $"fuzz-{seed}-{Math.Max(0, index - _random.Next(1, 40))}";
        }

        if (roll < 90)
        {
            kinds.Add("hostile-key");
            return Pick(FuzzValues.IdempotencyKeys);
        }

        return null;
    }

    private (byte[]? Body, string Kind) Body(FuzzEndpoint target, Dictionary<string, string> routeValues)
    {
        var roll = _random.Next(100);
        switch (roll)
        {
            case < 45:
                return (Mutated(target, routeValues, _random.Next(1, 4)), "mutated");
            case < 53:
                return (Serialize(Sample(target, routeValues), []), "plausible");
            case < 57:
                return (Utf8(Pick(["null", "true", "42", "\"text\"", "[]", "[{}]", "{}", "[[[]]]", "-0", "1e400"])), "wrong-root");
            case < 64:
                return (Malformed(Serialize(Sample(target, routeValues), [])), "malformed");
            case < 68:
                return (Deep(target, routeValues), "deep-1000");
            case < 70:
                return (LongString(target, routeValues, (int)Math.Min(1_000_000, maxBodyBytes - 64 * 1024)), "long-string-1MB");
            case < 71:
                return (LongString(target, routeValues, (int)maxBodyBytes + 1_000_000), "long-string-beyond-limit");
            case < 74:
                return (LongString(target, routeValues, _random.Next(10_000, 100_000)), "long-string");
            case < 79:
                return (BadUtf8(Serialize(Sample(target, routeValues), [])), "bad-utf8");
            case < 84:
                return (DuplicateKeys(Serialize(Sample(target, routeValues), [])), "duplicate-keys");
            case < 88:
                return (Chance(50) ? [] : null, "empty");
            case < 92:
                return (Serialize(Leaves(Sample(target, routeValues), _ => null), []), "nulls-everywhere");
            case < 96:
                return (Serialize(WithoutFields(Sample(target, routeValues)), []), "missing-fields");
            default:
                return (Serialize(Leaves(Sample(target, routeValues), v => new JsonArray(new JsonNode?[] { v })), []), "arrays-for-values");
        }
    }

    private JsonNode? Sample(FuzzEndpoint target, Dictionary<string, string> routeValues)
    {
        if (target.BodyType == typeof(JsonElement) && routeValues.TryGetValue("channelId", out var channel))
        {
            var customer = _random.Next(host.Network.Customers.Count);
            int[] skus = [_random.Next(host.Network.Skus.Count)];
            return channel == "pos"
                ? ChannelPayloads.Pos(host, $"R-FUZZ-{_random.Next(100_000)}", customer, skus, quantity: _random.Next(1, 3))
                : ChannelPayloads.Marketplace(host, $"MP-FUZZ-{_random.Next(100_000)}", customer, skus, quantity: _random.Next(1, 3));
        }

        return target.BodyType is null ? new JsonObject { ["reason"] = "fuzz" } : new JsonSample(_random, ids).For(target.BodyType);
    }

    private byte[] Mutated(FuzzEndpoint target, Dictionary<string, string> routeValues, int mutations)
    {
        var root = Sample(target, routeValues);
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < mutations; i++)
        {
            var slots = Slots(root).ToList();
            if (slots.Count == 0)
            {
                root = Replacement(root, raw);
                continue;
            }

            var (parent, key, index) = Pick(slots);
            if (_random.Next(8) == 0)
            {
                Remove(parent, key, index);
                continue;
            }

            if (_random.Next(10) == 0 && parent is JsonObject extended)
            {
                extended[Pick(["unexpected", "$type", "__proto__", "constructor", "id", "Id", "CUSTOMERID"])] = Pick(FuzzValues.Strings);
                continue;
            }

            var current = key is not null ? parent[key] : parent[index];
            Set(parent, key, index, Replacement(current, raw));
        }

        return Serialize(root, raw);
    }

    private JsonNode? Replacement(JsonNode? current, Dictionary<string, string> raw)
    {
        switch (_random.Next(9))
        {
            case 0:
            case 1:
                return JsonValue.Create(Pick(FuzzValues.Strings));
            case 2:
            case 3:
                var placeholder = $"__RAW_{raw.Count}__";
                raw[placeholder] = Pick(FuzzValues.NumberLiterals);
                return JsonValue.Create(placeholder);
            case 4:
                return null;
            case 5:
                return Pick<Func<JsonNode>>([() => new JsonArray(), () => new JsonObject(), () => new JsonArray(new JsonNode?[] { current?.DeepClone() }), () => new JsonObject { ["value"] = current?.DeepClone() }])();
            case 6:
                return JsonValue.Create(_random.Next(2) == 0);
            case 7:
                return current is JsonArray array && array.Count > 0
                    ? new JsonArray([.. Enumerable.Range(0, _random.Next(101, 2_000)).Select(_ => array[0]?.DeepClone())])
                    : JsonValue.Create(new string('w', _random.Next(201, 20_000)));
            default:
                return JsonValue.Create(_random.Next(2) == 0 ? "\u0000\u0001\u001f" : "\ud800 lone surrogate");
        }
    }

    private byte[] Deep(FuzzEndpoint target, Dictionary<string, string> routeValues)
    {
        const int levels = 1_000;
        var deep = _random.Next(2) == 0
            ? new string('[', levels) + new string(']', levels)
            : string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels);
        if (_random.Next(2) == 0 || Sample(target, routeValues) is not JsonObject sample || sample.Count == 0)
        {
            return Utf8(deep);
        }

        var raw = new Dictionary<string, string>(StringComparer.Ordinal) { ["__RAW_DEEP__"] = deep };
        sample[Pick(sample.Select(p => p.Key).ToList())] = "__RAW_DEEP__";
        return Serialize(sample, raw);
    }

    private byte[] LongString(FuzzEndpoint target, Dictionary<string, string> routeValues, int length)
    {
        var text = new string('L', Math.Max(1, length));
        if (Sample(target, routeValues) is JsonObject sample && sample.Count > 0)
        {
            sample[Pick(sample.Select(p => p.Key).ToList())] = text;
            return Serialize(sample, []);
        }

        return Utf8(JsonSerializer.Serialize(text));
    }

    private byte[] Malformed(byte[] json)
    {
        var text = Encoding.UTF8.GetString(json);
        return _random.Next(8) switch
        {
            0 => Utf8(text[..Math.Max(1, _random.Next(text.Length))]),
            1 => Utf8(text.Replace("}", ",}", StringComparison.Ordinal).Replace("]", ",]", StringComparison.Ordinal)),
            2 => Utf8("/* comment */" + text + "// trailing"),
            3 => Utf8(text.Replace('"', '\'')),
            4 => Utf8(System.Text.RegularExpressions.Regex.Replace(text, "\"(\\w+)\":", "$1:")),
            5 => Utf8(text + text),
            6 => Encoding.Unicode.GetBytes(text),
            _ => RandomBytes(_random.Next(1, 2_000)),
        };
    }

    private byte[] BadUtf8(byte[] json)
    {
        byte[][] invalid = [[0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80]];
        var quotes = Enumerable.Range(0, json.Length).Where(i => json[i] == (byte)'"').ToList();
        var at = quotes.Count == 0 ? json.Length / 2 : quotes[_random.Next(quotes.Count)] + 1;
        return [.. json.AsSpan(0, at), .. Pick(invalid), .. json.AsSpan(at)];
    }

    private byte[] DuplicateKeys(byte[] json)
    {
        var text = Encoding.UTF8.GetString(json);
        var match = System.Text.RegularExpressions.Regex.Match(text, "\\{\"([^\"]+)\":");
        return match.Success
            ? Utf8(text.Insert(match.Index + 1, $"\"{match.Groups[1].Value}\":{Pick(["null", "\"duplicate\"", "-1", "{}", "[]"])},"))
            : Utf8("{\"a\":1,\"a\":2}");
    }

    private JsonNode? Leaves(JsonNode? node, Func<JsonNode?, JsonNode?> replace)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    obj[name] = Leaves(obj[name]?.DeepClone(), replace);
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Leaves(array[i]?.DeepClone(), replace);
                }

                return array;
            default:
                return replace(node);
        }
    }

    private JsonNode? WithoutFields(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            var all = _random.Next(3) == 0;
            foreach (var name in obj.Select(p => p.Key).ToList())
            {
                if (all || _random.Next(2) == 0)
                {
                    obj.Remove(name);
                }
                else
                {
                    WithoutFields(obj[name]);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                WithoutFields(item);
            }
        }

        return node;
    }

    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    yield return (obj, name, -1);
                    foreach (var inner in Slots(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, null, i);
                    foreach (var inner in Slots(array[i]))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (key is not null)
        {
            parent.AsObject()[key] = value;
        }
        else
        {
            parent.AsArray()[index] = value;
        }
    }

    private static void Remove(JsonNode parent, string? key, int index)
    {
        if (key is not null)
        {
            parent.AsObject().Remove(key);
        }
        else
        {
            parent.AsArray().RemoveAt(index);
        }
    }

    private static byte[] Serialize(JsonNode? node, Dictionary<string, string> raw)
    {
        var text = node?.ToJsonString() ?? "null";
        foreach (var (placeholder, literal) in raw)
        {
            text = text.Replace($"\"{placeholder}\"", literal, StringComparison.Ordinal);
        }

        return Utf8(text);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private bool Chance(int percent) => _random.Next(100) < percent;

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];
}
