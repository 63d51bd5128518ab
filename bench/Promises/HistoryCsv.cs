using System.Globalization;
using OrderGrains.Bench.Harness;
using OrderGrains.Grains.Promises.Evaluation;

namespace OrderGrains.Bench.Promises;

/// <summary>
/// Reads a CSV of historical orders with column names mapped on the command line
/// (<c>purchase=...,delivered=...,origin=...,destination=...[,estimated=...,carrier=...]</c>). Quoted fields are
/// understood; ISO and common date formats are accepted (times without an offset are taken at <c>offset</c>); rows
/// with a missing or unreadable time are skipped and counted.
/// </summary>
public static class HistoryCsv
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd",
        "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy/MM/dd", "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "dd/MM/yyyy",
        "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm", "MM/dd/yyyy", "dd.MM.yyyy HH:mm", "dd.MM.yyyy",
    ];

    public static (List<HistoricalShipment> Rows, int Skipped) Read(string path, IReadOnlyDictionary<string, string> columns, TimeSpan offset)
    {
        using var reader = new StreamReader(path);
        var header = Split(reader.ReadLine() ?? throw new BenchArgumentException($"{path} is empty."));
        int Index(string role, bool required)
        {
            if (!columns.TryGetValue(role, out var name))
            {
                return required ? throw new BenchArgumentException($"--columns needs {role}=<column name>.") : -1;
            }

            var i = header.FindIndex(h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
            return i >= 0 ? i : throw new BenchArgumentException($"Column '{name}' ({role}) is not in {path}; it has {string.Join(", ", header)}.");
        }

        int purchase = Index("purchase", true), delivered = Index("delivered", true), origin = Index("origin", true), destination = Index("destination", true);
        int estimated = Index("estimated", false), carrier = Index("carrier", false);
        var rows = new List<HistoricalShipment>();
        var skipped = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            var fields = Split(line);
            string Field(int i) => i >= 0 && i < fields.Count ? fields[i].Trim() : string.Empty;
            if (!TryParse(Field(purchase), offset, out var bought) || !TryParse(Field(delivered), offset, out var arrived) || arrived < bought)
            {
                skipped++;
                continue;
            }

            DateTimeOffset? estimate = TryParse(Field(estimated), offset, out var e) ? e : null;
            rows.Add(new HistoricalShipment(bought, arrived, Or(Field(origin)), Or(Field(destination)), carrier >= 0 ? Or(Field(carrier)) : "any", estimate));
        }

        rows.Sort((a, b) => a.Purchase.CompareTo(b.Purchase));
        return (rows, skipped);
    }

    public static bool TryParse(string text, TimeSpan offset, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            value = new DateTimeOffset(local, offset);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    private static string Or(string value) => string.IsNullOrEmpty(value) ? "unknown" : value;

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
