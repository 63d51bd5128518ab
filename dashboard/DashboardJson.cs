using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderGrains.Dashboard;

/// <summary>JSON of the dashboard (its endpoints, its live channel and the silo reports): camelCase, enums as strings.</summary>
internal static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
