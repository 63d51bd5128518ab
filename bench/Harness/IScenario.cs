using System.Text.Json.Nodes;

namespace OrderGrains.Bench.Harness;

/// <summary>A benchmark scenario: measures the runtime and its own baseline in the same run.</summary>
public interface IScenario
{
    Task<ScenarioResult> RunAsync();
}

/// <summary>The result line and whether the run was valid (<paramref name="Problem"/> says why not).</summary>
public sealed record ScenarioResult(JsonObject Json, bool Valid = true, string? Problem = null);
