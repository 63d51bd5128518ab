using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrderGrains.ClientApi.Channels;

/// <summary>
/// A path into a channel's JSON payload: property names separated by dots, each optionally followed by array indexes,
/// with an optional <c>$.</c> prefix (<c>$.buyer.id</c>, <c>shipping.address.lines[0]</c>). Names are matched ordinally.
/// A property that appears twice in one object is refused rather than guessed: parsers disagree on which copy wins.
/// </summary>
internal sealed class ChannelJsonPath
{
    private readonly Segment[] _segments;

    private ChannelJsonPath(Segment[] segments, string text)
    {
        _segments = segments;
        Text = text;
    }

    /// <summary>The path without the <c>$.</c> prefix, as configured.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; a malformed path fails start-up with the name of <paramref name="setting"/>.</summary>
    public static ChannelJsonPath Parse(string? text, string setting)
    {
        var body = text?.Trim() ?? string.Empty;
        if (body.StartsWith("$.", StringComparison.Ordinal))
        {
            body = body[2..];
        }

        if (body.Length is 0 or > 200)
        {
            throw new InvalidOperationException($"{setting}: a JSON path of 1-200 characters is required (e.g. 'buyer.id' or '$.items[0].sku').");
        }

        var segments = new List<Segment>();
        foreach (var part in body.Split('.'))
        {
            segments.Add(ParseSegment(part, setting, text!));
        }

        return new ChannelJsonPath([.. segments], body);
    }

    /// <summary>Finds the value at this path under <paramref name="root"/>; JSON null counts as missing.</summary>
    public PathLookup Resolve(JsonElement root, out JsonElement value)
    {
        value = default;
        var current = root;
        var walked = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (current.ValueKind != JsonValueKind.Object)
            {
                return current.ValueKind == JsonValueKind.Null
                    ? PathLookup.Missing()
                    : PathLookup.WrongShape(walked.Length == 0 ? "The value is not a JSON object." : $"'{walked}' is not a JSON object.");
            }

            var found = 0;
            foreach (var property in current.EnumerateObject())
            {
                if (property.NameEquals(segment.Name))
                {
                    found++;
                    value = property.Value;
                }
            }

            Append(walked, segment.Name);
            if (found > 1)
            {
                return PathLookup.WrongShape($"'{walked}' appears more than once.");
            }

            if (found == 0)
            {
                return PathLookup.Missing();
            }

            current = value;
            foreach (var index in segment.Indexes)
            {
                if (current.ValueKind == JsonValueKind.Null)
                {
                    return PathLookup.Missing();
                }

                if (current.ValueKind != JsonValueKind.Array)
                {
                    return PathLookup.WrongShape($"'{walked}' is not a JSON array.");
                }

                walked.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                if (index >= current.GetArrayLength())
                {
                    return PathLookup.Missing();
                }

                current = current[index];
            }
        }

        value = current;
        return current.ValueKind == JsonValueKind.Null ? PathLookup.Missing() : PathLookup.Found;
    }

    public override string ToString() => Text;

    private static void Append(StringBuilder walked, string name)
    {
        if (walked.Length > 0)
        {
            walked.Append('.');
        }

        walked.Append(name);
    }

    private static Segment ParseSegment(string part, string setting, string text)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        var name = bracket < 0 ? part : part[..bracket];
        if (name.Length == 0 || name.Any(c => char.IsControl(c) || c is ']' or '$' or '*'))
        {
            throw new InvalidOperationException($"{setting}: '{text}' is not a supported JSON path (property names separated by dots, optional [n] indexes).");
        }

        var indexes = new List<int>();
        var rest = bracket < 0 ? string.Empty : part[bracket..];
        while (rest.Length > 0)
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (rest[0] != '[' || close < 2
                || !int.TryParse(rest.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw new InvalidOperationException($"{setting}: '{text}' has a malformed array index (use [n] with n >= 0).");
            }

            indexes.Add(index);
            rest = rest[(close + 1)..];
        }

        return new Segment(name, [.. indexes]);
    }

    private sealed record Segment(string Name, int[] Indexes);
}

/// <summary>Outcome of resolving a <see cref="ChannelJsonPath"/>: found, missing (absent or null) or of the wrong shape.</summary>
internal readonly record struct PathLookup(PathLookupKind Kind, string? Problem)
{
    public static PathLookup Found => new(PathLookupKind.Found, null);

    public static PathLookup Missing() => new(PathLookupKind.Missing, null);

    public static PathLookup WrongShape(string problem) => new(PathLookupKind.WrongShape, problem);
}

/// <summary>Kinds of <see cref="PathLookup"/>.</summary>
internal enum PathLookupKind
{
    Found,
    Missing,
    WrongShape,
}
