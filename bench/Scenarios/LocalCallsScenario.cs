using System.Diagnostics;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;
using OrderGrains.Bench.Grains;
using OrderGrains.Bench.Harness;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// Ping calls/s from many concurrent callers to many non-reentrant grains, against a bare Channel request/response
/// between as many "actors" and callers.
/// </summary>
public sealed class LocalCallsScenario(BenchArgs args) : IScenario
{
    public const string Name = "local-calls";
    private const string BaselineKind =
        "per-actor unbounded SingleReader Channel<Request> + one reader loop; reply via a per-caller reused " +
        "IValueTaskSource<int> (ManualResetValueTaskSourceCore, RunContinuationsAsynchronously=false)";

    private readonly double _seconds = args.GetDouble("seconds", 10, min: 0.1);
    private readonly double _warmup = args.GetDouble("warmup", 2);
    private readonly int _grains = args.GetInt("grains", 1_000);
    private readonly int _callers = args.GetInt("callers", 200);

    public async Task<ScenarioResult> RunAsync()
    {
        ResultWriter.Progress($"{Name}: runtime, {_grains} grains, {_callers} callers, warm-up {_warmup}s, {_seconds}s");
        var runtime = await MeasureRuntimeAsync();
        ResultWriter.Progress($"{Name}: runtime {runtime.CallsPerSecond:N0} calls/s");
        ResultWriter.Progress($"{Name}: baseline (bare channels)");
        var baseline = await MeasureBaselineAsync();
        ResultWriter.Progress($"{Name}: baseline {baseline.CallsPerSecond:N0} calls/s");

        var json = ResultWriter.Create(Name, runtime.CallsPerSecond, "calls/s", baseline.CallsPerSecond);
        json["baseline_kind"] = BaselineKind;
        json["p50_us"] = ResultWriter.Round(runtime.Latency.PercentileMicros(0.50));
        json["p99_us"] = ResultWriter.Round(runtime.Latency.PercentileMicros(0.99));
        json["mean_us"] = ResultWriter.Round(runtime.Latency.MeanMicros);
        json["alloc_bytes_per_call"] = ResultWriter.Round(runtime.AllocBytesPerCall, 1);
        json["calls"] = runtime.Calls;
        json["errors"] = runtime.Errors;
        json["baseline_p50_us"] = ResultWriter.Round(baseline.Latency.PercentileMicros(0.50));
        json["baseline_p99_us"] = ResultWriter.Round(baseline.Latency.PercentileMicros(0.99));
        json["baseline_mean_us"] = ResultWriter.Round(baseline.Latency.MeanMicros);
        json["baseline_alloc_bytes_per_call"] = ResultWriter.Round(baseline.AllocBytesPerCall, 1);
        json["grains"] = _grains;
        json["callers"] = _callers;
        json["seconds"] = _seconds;
        json["warmup_seconds"] = _warmup;
        json["processors"] = Environment.ProcessorCount;
        json["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation";
        json["goal_ratio"] = 0.5;
        json["goal_calls_per_s"] = 1_000_000;
        json["goal_ratio_met"] = runtime.CallsPerSecond / baseline.CallsPerSecond >= 0.5;
        json["goal_calls_per_s_met"] = runtime.CallsPerSecond >= 1_000_000;
        return runtime.Errors == 0
            ? new ScenarioResult(json)
            : new ScenarioResult(json, Valid: false, Problem: $"{runtime.Errors} grain calls failed.");
    }

    private async Task<Measurement> MeasureRuntimeAsync()
    {
        var silo = await TestSilo.StartAsync(silo => silo.Configure(o => o.CollectionAge = TimeSpan.FromHours(1)));
        try
        {
            var grains = new IBenchPingGrain[_grains];
            for (var i = 0; i < grains.Length; i++)
            {
                grains[i] = silo.GrainFactory.GetGrain<IBenchPingGrain>("ping-" + i);
            }

            // Activate every grain before the clock starts.
            await Task.WhenAll(grains.Select(g => g.Ping(0).AsTask()));

            var run = new TimedRun();
            var loops = new CallerLoop[_callers];
            var tasks = new Task[_callers];
            for (var c = 0; c < _callers; c++)
            {
                var loop = loops[c] = new CallerLoop(c);
                tasks[c] = Task.Run(() => loop.RunRuntimeAsync(grains, run));
            }

            await run.RunAsync(TimeSpan.FromSeconds(_warmup), TimeSpan.FromSeconds(_seconds), tasks);
            return Measurement.From(loops, run);
        }
        finally
        {
            await silo.StopAsync();
        }
    }

    private async Task<Measurement> MeasureBaselineAsync()
    {
        var actors = new ChannelActor[_grains];
        for (var i = 0; i < actors.Length; i++)
        {
            actors[i] = new ChannelActor();
        }

        var run = new TimedRun();
        var loops = new CallerLoop[_callers];
        var tasks = new Task[_callers];
        for (var c = 0; c < _callers; c++)
        {
            var loop = loops[c] = new CallerLoop(c);
            tasks[c] = Task.Run(() => loop.RunBaselineAsync(actors, run));
        }

        await run.RunAsync(TimeSpan.FromSeconds(_warmup), TimeSpan.FromSeconds(_seconds), tasks);
        foreach (var actor in actors)
        {
            actor.Complete();
        }

        await Task.WhenAll(actors.Select(a => a.Reader));
        return Measurement.From(loops, run);
    }

    private sealed record Measurement(double CallsPerSecond, long Calls, long Errors, LatencyHistogram Latency, double AllocBytesPerCall)
    {
        public static Measurement From(CallerLoop[] loops, TimedRun run)
        {
            var latency = new LatencyHistogram();
            long calls = 0, errors = 0;
            foreach (var loop in loops)
            {
                latency.Add(loop.Latency);
                calls += loop.Calls;
                errors += loop.Errors;
            }

            var perSecond = calls / run.Elapsed.TotalSeconds;
            return new Measurement(perSecond, calls, errors, latency, calls == 0 ? double.NaN : (double)run.AllocatedBytes / calls);
        }
    }

    /// <summary>One caller: one call in flight at a time, to actors picked by a per-caller xorshift sequence.</summary>
    private sealed class CallerLoop(int id)
    {
        private uint _random = (uint)(id * 2654435761u) | 1;

        public LatencyHistogram Latency { get; } = new();

        public long Calls { get; private set; }

        public long Errors { get; private set; }

        public async Task RunRuntimeAsync(IBenchPingGrain[] grains, TimedRun run)
        {
            while (!run.Stopping)
            {
                var grain = grains[Next(grains.Length)];
                var start = Stopwatch.GetTimestamp();
                try
                {
                    var result = await grain.Ping(id);
                    if (result != id + 1)
                    {
                        Errors++;
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Errors++;
                    continue;
                }

                if (run.Measuring)
                {
                    Latency.Record(Stopwatch.GetTimestamp() - start);
                    Calls++;
                }
            }
        }

        public async Task RunBaselineAsync(ChannelActor[] actors, TimedRun run)
        {
            var reply = new ReplySource();
            while (!run.Stopping)
            {
                var actor = actors[Next(actors.Length)];
                var start = Stopwatch.GetTimestamp();
                var result = await actor.Call(id, reply);
                if (result != id + 1)
                {
                    Errors++;
                }

                if (run.Measuring)
                {
                    Latency.Record(Stopwatch.GetTimestamp() - start);
                    Calls++;
                }
            }
        }

        private int Next(int bound)
        {
            // xorshift32
            var x = _random;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _random = x;
            return (int)(x % (uint)bound);
        }
    }

    /// <summary>The baseline "actor": a request queue and one loop that answers value+1.</summary>
    private sealed class ChannelActor
    {
        private readonly Channel<Request> _requests =
            Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

        public ChannelActor() => Reader = Task.Run(ReadLoopAsync);

        public Task Reader { get; }

        public ValueTask<int> Call(int value, ReplySource reply)
        {
            reply.Reset();
            if (!_requests.Writer.TryWrite(new Request(value, reply)))
            {
                throw new InvalidOperationException("The actor is closed.");
            }

            return reply.Task;
        }

        public void Complete() => _requests.Writer.TryComplete();

        private async Task ReadLoopAsync()
        {
            var reader = _requests.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var request))
                {
                    request.Reply.SetResult(request.Value + 1);
                }
            }
        }
    }

    private readonly record struct Request(int Value, ReplySource Reply);

    /// <summary>A reusable reply: each caller owns one and has one request in flight at a time.</summary>
    private sealed class ReplySource : IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _core;

        public ValueTask<int> Task => new(this, _core.Version);

        public void Reset() => _core.Reset();

        public void SetResult(int value) => _core.SetResult(value);

        public int GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
