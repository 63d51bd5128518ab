using System.Net;
using System.Net.Sockets;
using OrderGrains.Bench.Harness;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// The far side of <see cref="RemoteCallsScenario"/>, started by it as a separate process: silo <c>b</c> of the
/// two-silo cluster and the raw TCP echo server of the baseline.
/// </summary>
public sealed class RemoteCallsPeer(BenchArgs args) : IScenario
{
    public const string Name = "remote-calls-peer";

    private readonly string _siloA = args.GetString("silo-a") ?? throw new BenchArgumentException("--silo-a is required.");
    private readonly string _siloB = args.GetString("silo-b") ?? throw new BenchArgumentException("--silo-b is required.");
    private readonly int _echoPort = args.GetInt("echo-port", 0, min: 1, max: 65_535);

    public async Task<ScenarioResult> RunAsync()
    {
        var members = new[] { _siloA, _siloB };
        await using var silo = await RemoteCallsScenario.StartSiloAsync(SiloEndpoint.Parse(_siloB).Name, members);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, _echoPort));
        listener.Listen(1024);
        using var stop = new CancellationTokenSource();
        var echo = Task.Run(() => RemoteCallsScenario.ServeEchoAsync(listener, stop.Token));

        await PeerProcess.ServeUntilReleasedAsync();

        await stop.CancelAsync();
        listener.Close();
        await echo;
        return new ScenarioResult(ResultWriter.Create(Name, 0, "peer", null));
    }
}
