using System.Text;

namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>One generated request: what was sent and why, so that a failure can be reproduced from the report.</summary>
public sealed record FuzzCase(
    int Index,
    string Kind,
    FuzzEndpoint Target,
    string Method,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType)
{
    public string Describe()
    {
        var text = new StringBuilder()
            .Append('#').Append(Index).Append(" [").Append(Kind).Append("] ").Append(Method).Append(' ').Append(Clip(PathAndQuery, 160))
            .Append(" (endpoint ").Append(Target).Append(')');
        foreach (var (name, value) in Headers)
        {
            text.Append(" | ").Append(name).Append(": ").Append(Clip(value, 60));
        }

        if (Body is not null)
        {
            text.Append(" | Content-Type: ").Append(ContentType ?? "(none)")
                .Append(" | body ").Append(Body.Length).Append(" bytes: ")
                .Append(Clip(Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 400)), 240));
        }

        return text.ToString();
    }

    private static string Clip(string value, int max)
    {
        var printable = new string([.. value.Select(c => char.IsControl(c) ? '·' : c)]);
        return printable.Length <= max ? printable : $"{printable[..max]}…(+{printable.Length - max})";
    }
}
