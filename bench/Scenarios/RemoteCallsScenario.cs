using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Bench.Grains;
using OrderGrains.Bench.Harness;
using OrderGrains.Runtime.Placement;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// Grain calls from one silo to grains in another over loopback TCP, the two silos of a static cluster in two
/// processes (this one and a <see cref="RemoteCallsPeer"/>), many concurrent callers, against a raw TCP echo served by
/// the same peer process in the same run: as many sockets as callers, each sending a length-prefixed frame of the
/// grain call's mean request size and reading back one of its mean answer size.
/// </summary>
public sealed class RemoteCallsScenario(BenchArgs args) : IScenario
{
    public const string Name = "remote-calls";

    private readonly double _seconds = args.GetDouble("seconds", 10, min: 0.1);
    private readonly double _warmup = args.GetDouble("warmup", 2);
    private readonly int _grains = args.GetInt("grains", 1_000);
    private readonly int _callers = args.GetInt("callers", 200);

    public async Task<ScenarioResult> RunAsync()
    {
        ResultWriter.Progress($"{Name}: two silo processes on loopback, {_grains} grains on the second, {_callers} callers on the first");
        string[] members = [$"a=127.0.0.1:{TestPorts.GetFree()}", $"b=127.0.0.1:{TestPorts.GetFree()}"];
        var echoPort = TestPorts.GetFree();
        await using var peer = await PeerProcess.StartAsync(
            [RemoteCallsPeer.Name, "--silo-a", members[0], "--silo-b", members[1], "--echo-port", echoPort.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(60));
        var (grains, requestBytes, answerBytes) = await MeasureGrainsAsync(members);
        ResultWriter.Progress($"{Name}: grains {grains.CallsPerSecond:N0} calls/s, p99 {grains.Latency.PercentileMicros(0.99):N0} µs; frames {requestBytes} B out, {answerBytes} B back");
        var echo = await MeasureEchoAsync(new IPEndPoint(IPAddress.Loopback, echoPort), requestBytes, answerBytes);
        ResultWriter.Progress($"{Name}: raw TCP echo {echo.CallsPerSecond:N0} round trips/s, p99 {echo.Latency.PercentileMicros(0.99):N0} µs");

        var json = ResultWriter.Create(Name, grains.CallsPerSecond, "calls/s (silo to silo, loopback)", echo.CallsPerSecond);
        json["processes"] = 2;
        json["baseline_kind"] = $"raw TCP echo served by the peer process: {_callers} sockets, one {requestBytes}-byte frame out and one {answerBytes}-byte frame back at a time";
        json["p50_us"] = ResultWriter.Round(grains.Latency.PercentileMicros(0.50));
        json["p99_us"] = ResultWriter.Round(grains.Latency.PercentileMicros(0.99));
        json["baseline_p50_us"] = ResultWriter.Round(echo.Latency.PercentileMicros(0.50));
        json["baseline_p99_us"] = ResultWriter.Round(echo.Latency.PercentileMicros(0.99));
        json["request_frame_bytes"] = requestBytes;
        json["answer_frame_bytes"] = answerBytes;
        json["calls"] = grains.Calls;
        json["errors"] = grains.Errors;
        json["grains"] = _grains;
        json["callers"] = _callers;
        json["seconds"] = _seconds;
        json["processors"] = Environment.ProcessorCount;
        json["goal_ratio"] = 0.4;
        json["goal_ratio_met"] = grains.CallsPerSecond / echo.CallsPerSecond >= 0.4;
        return grains.Errors == 0 ? new ScenarioResult(json) : new ScenarioResult(json, Valid: false, Problem: $"{grains.Errors} calls failed.");
    }

    /// <summary>Starts silo <paramref name="name"/> of the static cluster <paramref name="members"/> in this process.</summary>
    internal static Task<TestSilo> StartSiloAsync(string name, IReadOnlyList<string> members) =>
        TestSilo.StartAsync(s => s
            .Configure(o => (o.SiloName, o.CollectionAge) = (name, TimeSpan.FromHours(1)))
            .AddStaticCluster(o =>
            {
                o.SiloName = name;
                foreach (var member in members)
                {
                    o.Silos.Add(member);
                }
            }));

    private async Task<(Measurement Grains, int RequestBytes, int AnswerBytes)> MeasureGrainsAsync(string[] members)
    {
        var silo = await StartSiloAsync("a", members);
        try
        {
            // Only grains whose partition the second silo owns: every call crosses the wire.
            var cluster = silo.Services.GetRequiredService<SiloCluster>();
            var targets = Enumerable.Range(0, int.MaxValue).Select(i => "ping-" + i)
                .Where(k => cluster.Partitions.OwnerOf(new GrainId("bench-ping", k))?.Name == "b").Take(_grains)
                .Select(k => silo.GrainFactory.GetGrain<IBenchPingGrain>(k)).ToArray();
            await Task.WhenAll(targets.Select(g => g.Ping(0).AsTask()));

            var before = cluster.Traffic;
            var measurement = await RunLoopsAsync(async (caller, i) =>
            {
                var answer = await targets[(int)((uint)(caller * 7919 + i) % (uint)targets.Length)].Ping((int)i);
                return answer == (int)i + 1;
            });
            var traffic = cluster.Traffic;
            var sent = traffic.FramesSent - before.FramesSent;
            var received = traffic.FramesReceived - before.FramesReceived;
            return (measurement, (int)((traffic.BytesSent - before.BytesSent) / Math.Max(1, sent)), (int)((traffic.BytesReceived - before.BytesReceived) / Math.Max(1, received)));
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private async Task<Measurement> MeasureEchoAsync(IPEndPoint echo, int requestBytes, int answerBytes)
    {
        var sockets = new Socket[_callers];
        for (var i = 0; i < sockets.Length; i++)
        {
            sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await sockets[i].ConnectAsync(echo);
        }

        // The request carries the size of the answer it wants, so the echo server needs no set-up.
        var request = Frame(Math.Max(8, requestBytes));
        BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(4), answerBytes);
        var answers = new byte[_callers][];
        try
        {
            return await RunLoopsAsync(async (caller, _) =>
            {
                var socket = sockets[caller];
                await socket.SendAsync(request);
                var buffer = answers[caller] ??= new byte[answerBytes];
                await ReceiveExactlyAsync(socket, buffer);
                return BinaryPrimitives.ReadInt32LittleEndian(buffer) == answerBytes - 4;
            });
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>Answers every length-prefixed frame with a frame of the size its first payload bytes ask for.</summary>
    internal static async Task ServeEchoAsync(Socket listener, CancellationToken stop)
    {
        var connections = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var socket = await listener.AcceptAsync(stop);
                socket.NoDelay = true;
                connections.Add(Task.Run(async () =>
                {
                    using (socket)
                    {
                        var header = new byte[4];
                        var payload = new byte[64 * 1024];
                        var answer = Array.Empty<byte>();
                        try
                        {
                            while (true)
                            {
                                await ReceiveExactlyAsync(socket, header);
                                var length = BinaryPrimitives.ReadInt32LittleEndian(header);
                                await ReceiveExactlyAsync(socket, payload.AsMemory(0, length));
                                var wanted = BinaryPrimitives.ReadInt32LittleEndian(payload);
                                if (answer.Length != wanted)
                                {
                                    answer = Frame(wanted);
                                }

                                await socket.SendAsync(answer);
                            }
                        }
                        catch (Exception e) when (e is SocketException or EndOfStreamException or ObjectDisposedException)
                        {
                        }
                    }
                }, CancellationToken.None));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task<Measurement> RunLoopsAsync(Func<int, long, ValueTask<bool>> call)
    {
        var run = new TimedRun();
        var latencies = new LatencyHistogram[_callers];
        var counts = new long[_callers];
        var errors = new long[_callers];
        var tasks = new Task[_callers];
        for (var c = 0; c < _callers; c++)
        {
            var caller = c;
            latencies[c] = new LatencyHistogram();
            tasks[c] = Task.Run(async () =>
            {
                for (long i = 0; !run.Stopping; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    bool ok;
                    try
                    {
                        ok = await call(caller, i);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        ok = false;
                    }

                    if (run.Measuring)
                    {
                        latencies[caller].Record(Stopwatch.GetTimestamp() - start);
                        counts[caller]++;
                        errors[caller] += ok ? 0 : 1;
                    }
                }
            });
        }

        await run.RunAsync(TimeSpan.FromSeconds(_warmup), TimeSpan.FromSeconds(_seconds), tasks);
        var latency = new LatencyHistogram();
        foreach (var histogram in latencies)
        {
            latency.Add(histogram);
        }

        return new Measurement(counts.Sum() / run.Elapsed.TotalSeconds, counts.Sum(), errors.Sum(), latency);
    }

    private static byte[] Frame(int totalBytes)
    {
        var frame = new byte[Math.Max(4, totalBytes)];
        BinaryPrimitives.WriteInt32LittleEndian(frame, frame.Length - 4);
        return frame;
    }

    private static async ValueTask ReceiveExactlyAsync(Socket socket, Memory<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            buffer = buffer[read..];
        }
    }

    private sealed record Measurement(double CallsPerSecond, long Calls, long Errors, LatencyHistogram Latency);
}
