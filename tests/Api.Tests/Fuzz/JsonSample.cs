using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>
/// A plausible JSON value for a request type, built from its constructor or properties (camelCase names, enums as
/// names) and filled with ids that exist, so that the fuzzer's mutations hit validation paths behind the parser.
/// </summary>
public sealed class JsonSample(Random random, FuzzIds ids)
{
    private const int MaxDepth = 6;

    public JsonNode? For(Type type, string name = "", int depth = 0)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var lower = name.ToLowerInvariant();
        if (t == typeof(string))
        {
            return Text(lower);
        }

        if (t == typeof(bool))
        {
            return random.Next(2) == 0;
        }

        if (t.IsEnum)
        {
            var names = Enum.GetNames(t);
            return JsonNamingPolicy.CamelCase.ConvertName(names[random.Next(names.Length)]);
        }

        if (t == typeof(int) || t == typeof(long) || t == typeof(short))
        {
            return lower.Contains("sequence", StringComparison.Ordinal) || lower.Contains("after", StringComparison.Ordinal) ? 0 : random.Next(1, 4);
        }

        if (t == typeof(decimal))
        {
            return 9.99m;
        }

        if (t == typeof(double) || t == typeof(float))
        {
            return lower.Contains("lat", StringComparison.Ordinal) ? 31.23 : lower.Contains("lon", StringComparison.Ordinal) || lower.Contains("lng", StringComparison.Ordinal) ? 121.47 : 0.5;
        }

        if (t == typeof(DateTimeOffset) || t == typeof(DateTime))
        {
            return "2026-03-05T10:00:00+00:00";
        }

        if (t == typeof(DateOnly))
        {
            return "2026-03-09";
        }

        if (t == typeof(TimeSpan))
        {
            return "00:30:00";
        }

        if (t == typeof(Guid))
        {
            return Guid.Empty.ToString();
        }

        if (t == typeof(Uri))
        {
            return "http://127.0.0.1:9/hook";
        }

        if (t == typeof(JsonElement) || t == typeof(JsonNode) || t == typeof(JsonObject) || t == typeof(object))
        {
            return new JsonObject { ["value"] = 1 };
        }

        if (depth >= MaxDepth)
        {
            return null;
        }

        if ((Generic(t, typeof(IDictionary<,>)) ?? Generic(t, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
        {
            return new JsonObject { ["key"] = For(dictionary[1], "value", depth + 1) };
        }

        if (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t) && (t.IsArray ? t.GetElementType() : Generic(t, typeof(IEnumerable<>))?[0]) is { } item)
        {
            return new JsonArray([.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => For(item, Singular(name), depth + 1))]);
        }

        return Object(t, depth);
    }

    private JsonObject Object(Type type, int depth)
    {
        var result = new JsonObject();
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        var members = constructor is { } c && c.GetParameters().Length > 0
            ? c.GetParameters().Select(p => (Name: p.Name!, Type: p.ParameterType))
            : type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => (p.Name, Type: p.PropertyType));
        foreach (var (name, memberType) in members)
        {
            result[JsonName(type, name)] = For(memberType, name, depth + 1);
        }

        return result;
    }

    private static string JsonName(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? JsonNamingPolicy.CamelCase.ConvertName(name);

    private string Text(string name)
    {
        T Pick<T>(List<T> values) => values[random.Next(values.Count)];
        return name switch
        {
            _ when name.Contains("sku", StringComparison.Ordinal) => Pick(ids.Skus),
            _ when name.Contains("customer", StringComparison.Ordinal) => Pick(ids.Customers),
            _ when name.Contains("warehouse", StringComparison.Ordinal) => Pick(ids.Warehouses),
            _ when name.Contains("order", StringComparison.Ordinal) => Pick(ids.Orders),
            _ when name.Contains("shipment", StringComparison.Ordinal) => ids.Shipments.Values.SelectMany(s => s).FirstOrDefault() ?? "S1",
            _ when name.Contains("lineid", StringComparison.Ordinal) => "L1",
            _ when name.Contains("channel", StringComparison.Ordinal) => Pick(ids.Channels),
            _ when name.Contains("country", StringComparison.Ordinal) => "CN",
            _ when name.Contains("postal", StringComparison.Ordinal) => "200000",
            _ when name.Contains("phone", StringComparison.Ordinal) => "+86 138 0013 8000",
            _ when name.Contains("url", StringComparison.Ordinal) || name.Contains("uri", StringComparison.Ordinal) => "http://127.0.0.1:9/hook",
            _ when name.Contains("secret", StringComparison.Ordinal) => "fuzz-secret-0123456789abcdef0123456789",
            _ when name.Contains("status", StringComparison.Ordinal) => "online",
            _ when name.Contains("tier", StringComparison.Ordinal) => "gold",
            _ when name.Contains("event", StringComparison.Ordinal) || name.Contains("type", StringComparison.Ordinal) => "order.status-changed",
            _ => "fuzz " + random.Next(1_000),
        };
    }

    private static string Singular(string name) => name.EndsWith('s') ? name[..^1] : name;

    private static Type[]? Generic(Type type, Type definition)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == definition)
        {
            return type.GetGenericArguments();
        }

        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments();
    }
}
