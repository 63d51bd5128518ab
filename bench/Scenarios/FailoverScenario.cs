using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OrderGrains.Bench.Grains;
using OrderGrains.Bench.Harness;
using OrderGrains.Runtime.Client;
using OrderGrains.Runtime.Placement;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// Failover of a 3-silo database cluster: three silo processes on one PostgreSQL, a cluster client in this process
/// under steady write load (reentrant counters), then <c>kill -9</c> of one silo. Reports the seconds until every
/// grain that lived on the killed silo answers again, the calls that failed, and acknowledged writes lost (must be
/// 0). Baseline: the configured lease duration, the time a crashed silo's leases take to expire (no takeover can be
/// faster), so the ratio shows the overhead of detection, acquisition and re-activation on top of it.
/// </summary>
public sealed class FailoverScenario(BenchArgs args) : IScenario
{
    public const string Name = "failover";

    private readonly double _seconds = args.GetDouble("seconds", 5, min: 1);
    private readonly int _grains = args.GetInt("grains", 300);
    private readonly int _workers = args.GetInt("workers", 32);
    private readonly int _partitions = args.GetInt("partitions", 256);
    private readonly double _leaseSeconds = args.GetDouble("lease", 3, min: 0.5);
    private readonly double _renewSeconds = args.GetDouble("renew", 0.75, min: 0.1);

    public async Task<ScenarioResult> RunAsync()
    {
        await using var postgres = await PostgresTestServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        var silos = new List<(string Name, int Port, Process Process)>();
        try
        {
            foreach (var name in new[] { "silo-1", "silo-2", "silo-3" })
            {
                var port = TestPorts.GetFree();
                silos.Add((name, port, await StartSiloProcessAsync(name, port, connectionString)));
            }

            ResultWriter.Progress($"{Name}: 3 silo processes up; waiting for the partitions to settle");
            await WaitForBalanceAsync(connectionString, 3);
            using var client = await StartClientAsync(silos.Select(s => $"{s.Name}=127.0.0.1:{s.Port}"));
            var factory = client.Services.GetRequiredService<IClusterClient>();
            var keys = Enumerable.Range(0, _grains).Select(i => "fo-" + i).ToArray();
            var load = new Load(factory, keys, _workers);
            await Task.Delay(TimeSpan.FromSeconds(_seconds));

            var victimKeys = await KeysOwnedByAsync(connectionString, "silo-3", keys);
            ResultWriter.Progress($"{Name}: {load.Acknowledged:N0} writes acknowledged; kill -9 silo-3 ({victimKeys.Count} of {_grains} grains live there)");
            var killed = Stopwatch.StartNew();
            silos[2].Process.Kill(entireProcessTree: true);
            var takenOver = WaitForTakeoverAsync(connectionString, "silo-3", killed);
            var answered = await Task.WhenAll(victimKeys.Select(async key =>
            {
                while (true)
                {
                    try
                    {
                        await factory.GetGrain<IBenchHotWriterGrain>(key).Get();
                        return killed.Elapsed.TotalSeconds;
                    }
                    catch (Exception e) when (e is SiloUnavailableException or TimeoutException)
                    {
                        // Only when the whole deadline passed without an owner; ask again.
                    }
                }
            }));
            var recovery = answered.Length == 0 ? 0 : answered.Max();
            var takeover = await takenOver;
            ResultWriter.Progress($"{Name}: leases taken over after {takeover:0.00} s; every grain of silo-3 answered after {recovery:0.00} s; {load.Failed} calls failed");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await load.StopAsync();

            long lost = 0;
            foreach (var key in keys)
            {
                var stored = await factory.GetGrain<IBenchHotWriterGrain>(key).Get();
                lost += Math.Max(0, load.HighestAcknowledged(key) - stored);
            }

            var json = ResultWriter.Create(Name, recovery, "s (kill -9 to every grain of the killed silo answering)", _leaseSeconds);
            json["baseline_kind"] = "lease duration: the earliest a crashed silo's partitions can be taken over";
            json["leases_taken_over_s"] = ResultWriter.Round(takeover);
            json["failed_calls"] = load.Failed;
            json["lost_acked_writes"] = lost;
            json["acknowledged_writes"] = load.Acknowledged;
            json["grains_on_killed_silo"] = victimKeys.Count;
            json["grains"] = _grains;
            json["workers"] = _workers;
            json["partitions"] = _partitions;
            json["lease_s"] = _leaseSeconds;
            json["renew_s"] = _renewSeconds;
            json["goal_s"] = 5;
            json["goal_met"] = recovery <= 5;
            json["processors"] = Environment.ProcessorCount;
            return lost == 0 ? new ScenarioResult(json) : new ScenarioResult(json, Valid: false, Problem: $"{lost} acknowledged writes were lost.");
        }
        finally
        {
            foreach (var (_, _, process) in silos)
            {
                await StopAsync(process);
            }
        }
    }

    private async Task<Process> StartSiloProcessAsync(string name, int port, string connectionString)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(FailoverScenario).Assembly.Location);
        }

        foreach (var arg in new[]
        {
            FailoverSiloScenario.Name, "--name", name, "--port", port.ToString(CultureInfo.InvariantCulture), "--connection", connectionString,
            "--partitions", _partitions.ToString(CultureInfo.InvariantCulture), "--lease", _leaseSeconds.ToString(CultureInfo.InvariantCulture),
            "--renew", _renewSeconds.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start silo process {name}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == FailoverSiloScenario.Ready)
            {
                return process;
            }
        }

        throw new InvalidOperationException($"Silo process {name} exited before it was ready (exit code {(process.HasExited ? process.ExitCode : -1)}).");
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            // Closing stdin asks the silo to leave gracefully.
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }

    private async Task<IHost> StartClientAsync(IEnumerable<string> seeds)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOrderGrainsClient(o =>
        {
            o.ClientName = "failover-bench";
            o.Partitions = _partitions;
            foreach (var seed in seeds)
            {
                o.Silos.Add(seed);
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task WaitForBalanceAsync(string connectionString, int silos)
    {
        var fair = (_partitions + silos - 1) / silos;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand(
                "SELECT COUNT(DISTINCT owner_id), COUNT(*) FILTER (WHERE owner_id IS NULL OR expires_at <= clock_timestamp()), MAX(n) FROM " +
                "(SELECT owner_id, expires_at, COUNT(*) OVER (PARTITION BY owner_id) AS n FROM og_partition_leases) l", connection);
            await using (var reader = await command.ExecuteReaderAsync(timeout.Token))
            {
                await reader.ReadAsync(timeout.Token);
                if (reader.GetInt64(0) == silos && reader.GetInt64(1) == 0 && reader.GetInt64(2) <= fair)
                {
                    return;
                }
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    /// <summary>Seconds from the kill until no partition is held by <paramref name="siloName"/> or unowned.</summary>
    private static async Task<double> WaitForTakeoverAsync(string connectionString, string siloName, Stopwatch killed)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        while (killed.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using var command = new NpgsqlCommand(
                "SELECT COUNT(*) FROM og_partition_leases l LEFT JOIN og_silos s ON s.silo_id = l.owner_id " +
                "WHERE l.owner_id IS NULL OR l.expires_at <= clock_timestamp() OR s.silo_name = @name", connection);
            command.Parameters.AddWithValue("name", siloName);
            if ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                return killed.Elapsed.TotalSeconds;
            }

            await Task.Delay(25);
        }

        return double.NaN;
    }

    private async Task<List<string>> KeysOwnedByAsync(string connectionString, string siloName, IReadOnlyList<string> keys)
    {
        var owned = new HashSet<int>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT l.partition_id FROM og_partition_leases l JOIN og_silos s ON s.silo_id = l.owner_id WHERE s.silo_name = @name", connection);
            command.Parameters.AddWithValue("name", siloName);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                owned.Add(reader.GetInt32(0));
            }
        }

        var map = new PartitionMap(_partitions);
        return [.. keys.Where(k => owned.Contains(map.PartitionOf(new GrainId("bench-hot-writer", k))))];
    }

    /// <summary>Workers adding to counters round robin; the highest acknowledged value per key and the failures.</summary>
    private sealed class Load
    {
        private readonly ConcurrentDictionary<string, long> _highest = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;
        private long _acknowledged;
        private long _failed;

        public Load(IGrainFactory factory, string[] keys, int workers) =>
            _run = Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
            {
                for (var i = w; !_stop.IsCancellationRequested; i += workers)
                {
                    var key = keys[i % keys.Length];
                    try
                    {
                        var value = await factory.GetGrain<IBenchHotWriterGrain>(key).Add();
                        _highest.AddOrUpdate(key, value, (_, v) => Math.Max(v, value));
                        Interlocked.Increment(ref _acknowledged);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Interlocked.Increment(ref _failed);
                    }
                }
            })));

        public long Acknowledged => Interlocked.Read(ref _acknowledged);

        public long Failed => Interlocked.Read(ref _failed);

        public long HighestAcknowledged(string key) => _highest.GetValueOrDefault(key);

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
        }
    }
}

/// <summary>
/// One silo process of the <see cref="FailoverScenario"/> (started by it, not by hand): a database-cluster silo with
/// the bench grains; prints <see cref="Ready"/> once started and leaves gracefully when its stdin closes.
/// </summary>
public sealed class FailoverSiloScenario(BenchArgs args) : IScenario
{
    public const string Name = "failover-silo";
    public const string Ready = "failover-silo:ready";

    private readonly string _name = args.GetString("name") ?? throw new BenchArgumentException("failover-silo needs --name.");
    private readonly int _port = args.GetInt("port", 0, min: 1, max: 65_535);
    private readonly string _connection = args.GetString("connection") ?? throw new BenchArgumentException("failover-silo needs --connection.");
    private readonly int _partitions = args.GetInt("partitions", 256);
    private readonly double _leaseSeconds = args.GetDouble("lease", 3, min: 0.5);
    private readonly double _renewSeconds = args.GetDouble("renew", 0.75, min: 0.1);

    public async Task<ScenarioResult> RunAsync()
    {
        var silo = await TestSilo.StartAsync(s => s
            .Configure(o => (o.SiloName, o.CollectionAge) = (_name, TimeSpan.FromHours(1)))
            .AddPostgreSqlStorage(_connection)
            .AddDatabaseCluster(o =>
            {
                o.SiloName = _name;
                o.Endpoint = $"127.0.0.1:{_port}";
                o.Partitions = _partitions;
                o.LeaseDuration = TimeSpan.FromSeconds(_leaseSeconds);
                o.RenewInterval = TimeSpan.FromSeconds(_renewSeconds);
                o.DeathTimeout = TimeSpan.FromSeconds(Math.Max(10, _leaseSeconds * 2));
            }));
        Console.WriteLine(Ready);
        await Console.Out.FlushAsync();
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        await silo.StopAsync();
        return new ScenarioResult(ResultWriter.Create(Name, 0, "silo process", null));
    }
}
