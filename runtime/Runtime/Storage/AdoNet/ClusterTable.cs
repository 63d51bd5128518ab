using System.Globalization;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>
/// The membership table (<c>og_silos</c>) and the partition lease table (<c>og_partition_leases</c>) of a runtime
/// store. Every time condition is evaluated by the database clock, so silos never compare their own clocks.
/// </summary>
internal sealed class ClusterTable(AdoNetRuntimeStore store, SqlScriptSet scripts)
{
    public Task<long> GetDbTimeMsAsync(CancellationToken cancellationToken) =>
        ScalarAsync("read the database clock", new SqlStatement(scripts[QueryNames.GetDbTimeMs]), cancellationToken);

    public Task RegisterAsync(string siloId, string name, string address, string? gateway, long generation, CancellationToken cancellationToken) =>
        NonQueryAsync($"register silo {siloId}", new SqlStatement(scripts[QueryNames.RegisterSilo]).Add("@silo_id", siloId).Add("@silo_name", name)
            .Add("@address", address).Add("@gateway", gateway).Add("@generation", generation), cancellationToken);

    /// <summary>Sets a status (and heartbeats); false when the silo is dead or unknown.</summary>
    public async Task<bool> SetStatusAsync(string siloId, SiloStatus status, CancellationToken cancellationToken) =>
        await NonQueryAsync($"set the status of silo {siloId} to {status}",
            new SqlStatement(scripts[QueryNames.SetSiloStatus]).Add("@status", (int)status).Add("@silo_id", siloId), cancellationToken) > 0;

    /// <summary>Heartbeats; false when the silo was declared dead (it must stop serving).</summary>
    public async Task<bool> HeartbeatAsync(string siloId, CancellationToken cancellationToken) =>
        await NonQueryAsync($"heartbeat silo {siloId}", new SqlStatement(scripts[QueryNames.HeartbeatSilo]).Add("@silo_id", siloId), cancellationToken) > 0;

    public Task<IReadOnlyList<SiloRecord>> ReadSilosAsync(CancellationToken cancellationToken) =>
        store.RunInternalAsync("read the membership table", write: false, async (connection, ct) =>
        {
            var list = new List<SiloRecord>();
            await using var command = new SqlStatement(scripts[QueryNames.ReadSilos]).CreateCommand(connection, null);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                list.Add(new SiloRecord(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), await reader.IsDBNullAsync(3, ct) ? null : reader.GetString(3),
                    Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture), (SiloStatus)Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
                    DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture)),
                    TimeSpan.FromMilliseconds(Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture))));
            }

            return (IReadOnlyList<SiloRecord>)list;
        }, cancellationToken);

    /// <summary>Declares a silo dead if its heartbeat is still older than <paramref name="timeout"/>; true when this call did it.</summary>
    public async Task<bool> DeclareDeadAsync(string siloId, TimeSpan timeout, CancellationToken cancellationToken) =>
        await NonQueryAsync($"declare silo {siloId} dead", new SqlStatement(scripts[QueryNames.DeclareSiloDead]).Add("@silo_id", siloId)
            .Add("@timeout_ms", (long)timeout.TotalMilliseconds), cancellationToken) > 0;

    public Task<int> DeleteDeadAsync(TimeSpan age, CancellationToken cancellationToken) =>
        NonQueryAsync("delete old dead silos", new SqlStatement(scripts[QueryNames.DeleteDeadSilos]).Add("@age_ms", (long)age.TotalMilliseconds), cancellationToken);

    /// <summary>Creates the lease rows of <paramref name="partitions"/> partitions if missing; fails when the table has another count.</summary>
    public async Task EnsurePartitionsAsync(int partitions, CancellationToken cancellationToken)
    {
        await NonQueryAsync("create the partition lease rows", new SqlStatement(scripts[QueryNames.EnsurePartitions]).Add("@count", partitions), cancellationToken);
        var count = await ScalarAsync("count the partitions", new SqlStatement(scripts[QueryNames.CountPartitions]), cancellationToken);
        if (count != partitions)
        {
            throw new InvalidOperationException(
                $"Storage '{store.Name}' has {count} partition leases but this silo is configured for {partitions} partitions; every silo of a cluster must use the same number.");
        }
    }

    public Task<IReadOnlyList<LeaseRecord>> ReadLeasesAsync(CancellationToken cancellationToken) =>
        store.RunInternalAsync("read the partition leases", write: false, async (connection, ct) =>
        {
            var list = new List<LeaseRecord>();
            await using var command = new SqlStatement(scripts[QueryNames.ReadLeases]).CreateCommand(connection, null);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                list.Add(new LeaseRecord(
                    Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), await reader.IsDBNullAsync(1, ct) ? null : reader.GetString(1),
                    Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture),
                    TimeSpan.FromMilliseconds(Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture))));
            }

            return (IReadOnlyList<LeaseRecord>)list;
        }, cancellationToken);

    /// <summary>Extends every lease <paramref name="ownerId"/> holds; returns partition and epoch of each.</summary>
    public Task<IReadOnlyList<(int Partition, long Epoch)>> RenewAsync(string ownerId, TimeSpan duration, CancellationToken cancellationToken) =>
        store.RunInternalAsync($"renew the leases of {ownerId}", write: true, async (connection, ct) =>
        {
            var list = new List<(int, long)>();
            await using var command = new SqlStatement(scripts[QueryNames.RenewLeases]).Add("@duration_ms", (long)duration.TotalMilliseconds)
                .Add("@owner_id", ownerId).CreateCommand(connection, null);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                list.Add((Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));
            }

            return (IReadOnlyList<(int, long)>)list;
        }, cancellationToken);

    /// <summary>Takes an unowned or expired lease last seen at <paramref name="epoch"/>; returns the new epoch, or null when someone else changed it.</summary>
    public async Task<long?> AcquireAsync(int partition, long epoch, string ownerId, TimeSpan duration, CancellationToken cancellationToken)
    {
        var value = await store.RunInternalAsync($"acquire the lease of partition {partition}", write: true, async (connection, ct) =>
        {
            await using var command = new SqlStatement(scripts[QueryNames.AcquireLease]).Add("@owner_id", ownerId).Add("@duration_ms", (long)duration.TotalMilliseconds)
                .Add("@partition_id", partition).Add("@epoch", epoch).CreateCommand(connection, null);
            return await command.ExecuteScalarAsync(ct);
        }, cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Gives a lease up (owner cleared, epoch kept: the next owner increments it).</summary>
    public async Task<bool> ReleaseAsync(int partition, long epoch, string ownerId, CancellationToken cancellationToken) =>
        await NonQueryAsync($"release the lease of partition {partition}", new SqlStatement(scripts[QueryNames.ReleaseLease]).Add("@partition_id", partition)
            .Add("@owner_id", ownerId).Add("@epoch", epoch), cancellationToken) > 0;

    private Task<int> NonQueryAsync(string operation, SqlStatement statement, CancellationToken cancellationToken) =>
        store.RunInternalAsync(operation, write: true, async (connection, ct) =>
        {
            await using var command = statement.CreateCommand(connection, null);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    private Task<long> ScalarAsync(string operation, SqlStatement statement, CancellationToken cancellationToken) =>
        store.RunInternalAsync(operation, write: false, async (connection, ct) =>
        {
            await using var command = statement.CreateCommand(connection, null);
            var value = await command.ExecuteScalarAsync(ct);
            return value is null or DBNull ? 0L : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }, cancellationToken);
}
