using OrderGrains.Runtime.Placement;
using OrderGrains.Runtime.Testing;
using OrderGrains.Runtime.Tests.Grains;

namespace OrderGrains.Runtime.Tests.Cluster;

public sealed class StaticClusterTests : IAsyncLifetime
{
    private readonly List<TestSilo> _silos = [];

    public async Task InitializeAsync()
    {
        string[] members = [$"silo-a=127.0.0.1:{TestPorts.GetFree()}", $"silo-b=127.0.0.1:{TestPorts.GetFree()}"];
        foreach (var name in new[] { "silo-a", "silo-b" })
        {
            _silos.Add(await TestSilo.StartAsync(silo => silo
                .Configure(o => o.SiloName = name)
                .AddStaticCluster(o =>
                {
                    o.SiloName = name;
                    o.Partitions = 16;
                    foreach (var member in members)
                    {
                        o.Silos.Add(member);
                    }
                })));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Each_grain_has_one_activation_whichever_silo_calls_it()
    {
        var keys = Enumerable.Range(0, 40).Select(i => $"w-{i}").ToList();
        var fromA = await Task.WhenAll(keys.Select(k => _silos[0].GrainFactory.GetGrain<IWhereGrain>(k).WhereAmI()));
        var fromB = await Task.WhenAll(keys.Select(k => _silos[1].GrainFactory.GetGrain<IWhereGrain>(k).WhereAmI()));

        Assert.Equal(fromA, fromB);
        Assert.Contains(fromA, w => w.StartsWith("silo-a#", StringComparison.Ordinal));
        Assert.Contains(fromA, w => w.StartsWith("silo-b#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Arguments_and_results_cross_silos_intact()
    {
        var note = new WhereNote("hello 世界", [1, 2, 3], new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(8)));
        foreach (var key in Enumerable.Range(0, 8).Select(i => $"n-{i}"))
        {
            var answer = await _silos[0].GrainFactory.GetGrain<IWhereGrain>(key).Annotate(note);
            Assert.Equal(note.Text, answer.Text);
            Assert.Equal([1, 2, 3, 6], answer.Numbers);
            Assert.Equal(note.At, answer.At);
            Assert.NotNull(answer.Silo);
        }
    }

    [Fact]
    public async Task Exceptions_keep_their_type_and_message_across_silos()
    {
        var remoteKey = KeyServedBy("silo-b");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _silos[0].GrainFactory.GetGrain<IPingGrain>(remoteKey).Fail("boom"));
        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public void Registered_exception_types_are_rebuilt_with_their_code_and_others_keep_their_name()
    {
        RemoteExceptions.Register((message, code) => new CodedTestException(code!, message));
        var known = Assert.IsType<CodedTestException>(RemoteExceptions.Decode(typeof(CodedTestException).FullName!, "refused", "test.code"));
        Assert.Equal(("test.code", "refused"), (known.Code, known.Message));
        Assert.Equal("test.code", RemoteExceptions.CodeOf(known));

        var unknown = Assert.IsType<RemoteGrainException>(RemoteExceptions.Decode("Some.Other.Exception", "oops", null));
        Assert.Equal("Some.Other.Exception", unknown.RemoteType);
    }

    [Fact]
    public async Task Remote_call_past_its_deadline_fails_with_a_timeout()
    {
        var remoteKey = KeyServedBy("silo-b");
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() =>
            _silos[0].GrainFactory.GetGrain<IPingGrain>(remoteKey).WaitWithShortDeadline(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Cancelling_a_remote_call_cancels_it()
    {
        var remoteKey = KeyServedBy("silo-b");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _silos[0].GrainFactory.GetGrain<IPingGrain>(remoteKey).Wait(TimeSpan.FromSeconds(20), cancel.Token));

        // The grain was freed by the cancellation: it answers at once.
        Assert.Equal(8, await _silos[0].GrainFactory.GetGrain<IPingGrain>(remoteKey).Ping(7));
    }

    [Fact]
    public async Task Call_chain_reentrancy_works_across_silos()
    {
        var onA = KeyServedBy("silo-a", "chain");
        var onB = KeyServedBy("silo-b", "chain");
        var answer = await _silos[0].GrainFactory.GetGrain<IChainGrain>(onA).StartChain(onB);
        Assert.Equal($"{onB}<-{onA}:back", answer);
    }

    [Fact]
    public async Task Calls_to_a_stopped_silo_fail_quickly_instead_of_hanging()
    {
        var remoteKey = KeyServedBy("silo-b");
        await _silos[1].StopAsync();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => _silos[0].GrainFactory.GetGrain<IPingGrain>(remoteKey).Ping(1).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>A key whose grain of <paramref name="grainType"/> lives on <paramref name="silo"/> (partitions alternate a, b, a, ...).</summary>
    private static string KeyServedBy(string silo, string grainType = "ping")
    {
        var map = new PartitionMap(16);
        var index = silo == "silo-a" ? 0 : 1;
        return Enumerable.Range(0, 1000).Select(i => $"k-{i}").First(k => map.PartitionOf(new GrainId(grainType, k)) % 2 == index);
    }

}

public sealed class CodedTestException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
