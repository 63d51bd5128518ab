using System.Text;
using System.Text.Json;

namespace OrderGrains.Interfaces.Rules;

/// <summary>
/// Where each JSON path of a document starts (1-based line and column), so a problem found after parsing still points
/// at the text the author wrote. A path that is not in the document (a missing property) maps to its nearest ancestor.
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    private JsonLineMap()
    {
    }

    /// <summary>The map of <paramref name="utf8"/>; empty when the text is not well-formed JSON (the parser reports that).</summary>
    public static JsonLineMap Build(ReadOnlySpan<byte> utf8)
    {
        var map = new JsonLineMap();
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, MaxDepth = 64 });
        var frames = new Stack<(string Path, bool IsArray, int Next)>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                var at = Position(lineStarts, (int)reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = $"{frames.Peek().Path}.{reader.GetString()}";
                        map._positions.TryAdd(property, at);
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        continue;
                }

                string path;
                if (frames.Count == 0)
                {
                    path = "$";
                }
                else if (frames.Peek().IsArray)
                {
                    var frame = frames.Pop();
                    path = $"{frame.Path}[{frame.Next}]";
                    frames.Push(frame with { Next = frame.Next + 1 });
                }
                else
                {
                    path = property ?? frames.Peek().Path;
                }

                map._positions.TryAdd(path, at);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                }
            }
        }
        catch (JsonException)
        {
            // Malformed text: the deserializer reports where.
        }

        return map;
    }

    /// <summary>Line and column of <paramref name="path"/> or of its nearest ancestor in the document.</summary>
    public (int? Line, int? Column) Find(string path)
    {
        var current = path;
        while (current.Length > 0)
        {
            if (_positions.TryGetValue(current, out var at))
            {
                return (at.Line, at.Column);
            }

            var cut = Math.Max(current.LastIndexOf('.'), current.LastIndexOf('['));
            if (cut <= 0)
            {
                break;
            }

            current = current[..cut];
        }

        return _positions.TryGetValue("$", out var root) ? (root.Line, root.Column) : (null, null);
    }

    private static (int Line, int Column) Position(List<int> lineStarts, int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - lineStarts[line] + 1);
    }

    /// <summary>UTF-8 of a string (for callers holding text).</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
