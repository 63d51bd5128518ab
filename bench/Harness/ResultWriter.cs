using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderGrains.Bench.Harness;

/// <summary>Builds and prints the result: one JSON object, the last line of stdout.</summary>
public static class ResultWriter
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The fields every scenario reports, in order.</summary>
    public static JsonObject Create(string scenario, double value, string unit, double? baseline)
    {
        double? ratio = baseline is > 0 ? Round(value / baseline.Value, 4) : null;
        return new JsonObject
        {
            ["scenario"] = scenario,
            ["value"] = Round(value),
            ["unit"] = unit,
            ["baseline"] = baseline is null ? null : Round(baseline.Value),
            ["ratio"] = ratio,
        };
    }

    public static double Round(double value, int digits = 2) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    public static void Write(JsonObject json)
    {
        json["gc_gen0size"] = Environment.GetEnvironmentVariable(GcTuning.Variable);
        Console.Out.Flush();
        Console.WriteLine(json.ToJsonString(Compact));
    }

    /// <summary>Progress for humans, on stderr so the JSON stays the last stdout line.</summary>
    public static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
