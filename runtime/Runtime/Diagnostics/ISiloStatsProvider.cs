using System.Text.Json;

namespace OrderGrains.Runtime.Diagnostics;

/// <summary>
/// Answers the silo-addressed <c>$silo-stats</c> system call that another process (a silo serving the dashboard, or an
/// API tier) sends to gather this silo's statistics. Registered by whatever wants to be asked (the dashboard); without
/// one the call is refused.
/// </summary>
public interface ISiloStatsProvider
{
    /// <summary>The answer to <paramref name="query"/> (the caller's JSON, <see cref="JsonValueKind.Undefined"/> when absent).</summary>
    ValueTask<JsonElement> AnswerAsync(JsonElement query, CancellationToken cancellationToken);
}
