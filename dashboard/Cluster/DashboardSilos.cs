using System.Net;
using System.Text.Json;
using OrderGrains.Runtime.Diagnostics;

namespace OrderGrains.Dashboard.Cluster;

/// <summary>A silo's report, or why there is none.</summary>
public sealed record SiloResult(string Name, SiloReport? Report, string? Error);

/// <summary>
/// The silos the dashboard shows: this process's own silo answered in process (when the dashboard runs in a silo),
/// every other member through the <c>$silo-stats</c> system call over the silo transport, all at once, each bounded
/// by <see cref="DashboardOptions.SiloTimeout"/>.
/// </summary>
internal sealed class DashboardSilos(
    DashboardStatsProvider? local, Func<IReadOnlyList<(string Name, IPEndPoint Endpoint)>> members, SiloSystemCalls calls, DashboardOptions options)
{
    /// <summary>The silo this process hosts, null in an API tier.</summary>
    public string? LocalName => local?.SiloName;

    /// <summary>Every silo's name, in the cluster's order (members come and go in a database cluster).</summary>
    public IReadOnlyList<string> Names => members() is { Count: > 0 } current ? [.. current.Select(m => m.Name)] : local is null ? [] : [local.SiloName];

    /// <summary>Every silo's report, each with its log entries after <paramref name="logsAfter"/>(silo).</summary>
    public async Task<IReadOnlyList<SiloResult>> CollectAsync(Func<string, long> logsAfter, CancellationToken cancellationToken) =>
        await Task.WhenAll(Names.Select(name => CollectOneAsync(name, logsAfter(name), cancellationToken))).ConfigureAwait(false);

    private async Task<SiloResult> CollectOneAsync(string name, long logsAfter, CancellationToken cancellationToken)
    {
        try
        {
            var report = name == LocalName
                ? local!.Report(logsAfter)
                : (await QueryAsync(name, JsonSerializer.SerializeToElement(new { kind = "silo", logsAfter }), cancellationToken).ConfigureAwait(false))
                    .Deserialize<SiloReport>(DashboardJson.Options);
            return new SiloResult(name, report, report is null ? "empty answer" : null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new SiloResult(name, null, e.Message);
        }
    }

    /// <summary>Asks silo <paramref name="name"/> (possibly this one) a dashboard query.</summary>
    public async Task<JsonElement> QueryAsync(string name, JsonElement query, CancellationToken cancellationToken)
    {
        if (name == LocalName)
        {
            return await local!.AnswerLocallyAsync(query, cancellationToken).ConfigureAwait(false);
        }

        var member = members().FirstOrDefault(m => m.Name == name);
        if (member.Endpoint is null)
        {
            throw new ArgumentException($"'{name}' is not a silo of this cluster.", nameof(name));
        }

        return await calls.QueryStatsAsync(member.Endpoint, query, options.SiloTimeout, cancellationToken).ConfigureAwait(false);
    }
}
