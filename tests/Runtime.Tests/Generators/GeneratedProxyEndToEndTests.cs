using System.Reflection;
using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime.Tests.Generators;

/// <summary>
/// Compiles generated proxies and requests, loads them and calls through them with a fake runtime that runs each
/// request on a plain implementation object. Only interfaces are declared (no grain classes), so the process-wide
/// registry gains proxies for interfaces nothing else uses.
/// </summary>
public sealed class GeneratedProxyEndToEndTests
{
    private const string Source = """
        using System.Threading;
        using System.Threading.Tasks;
        using OrderGrains.Runtime;

        namespace GeneratorEndToEnd;

        public interface ICounterBase : IGrainWithStringKey
        {
            Task<int> Get();
        }

        public interface ICounter : ICounterBase
        {
            Task<int> Add(int a, int b);
            ValueTask<string?> Echo(string? text);
            Task Set(int value, CancellationToken cancellationToken);

            [ReadOnly, ResponseTimeout(3)]
            ValueTask Touch();
        }

        public sealed class CounterImpl : ICounter
        {
            public int Value;
            public int Touches;
            public CancellationToken LastToken;

            public Task<int> Get() => Task.FromResult(Value);
            public Task<int> Add(int a, int b) => Task.FromResult(a + b);
            public async ValueTask<string?> Echo(string? text) { await Task.Yield(); return text is null ? null : text + "!"; }
            public Task Set(int value, CancellationToken cancellationToken) { Value = value; LastToken = cancellationToken; return Task.CompletedTask; }
            public ValueTask Touch() { Touches++; return default; }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var result = GeneratorHarness.Run(Source, "GeneratorEndToEnd.Grains");
        Assert.True(result.Problems.Count == 0, result.Describe());
        var assembly = GeneratorHarness.Load(result);
        GrainRegistry.EnsureRegistered(assembly);
        return assembly;
    });

    private sealed class RunOnObjectRuntime(object target) : IGrainCallRuntime
    {
        public List<GrainRequest> Sent { get; } = [];

        public void Send(GrainReference reference, GrainRequest request)
        {
            lock (Sent)
            {
                Sent.Add(request);
            }

            _ = RunAsync(request);
        }

        private async Task RunAsync(GrainRequest request)
        {
            await request.ExecuteAsync(target);
            request.CompleteFromExecution();
        }
    }

    private static (object Proxy, object Target, RunOnObjectRuntime Runtime, Type Interface) Create()
    {
        var assembly = Compiled.Value;
        var iface = assembly.GetType("GeneratorEndToEnd.ICounter", throwOnError: true)!;
        var target = Activator.CreateInstance(assembly.GetType("GeneratorEndToEnd.CounterImpl", throwOnError: true)!)!;
        var runtime = new RunOnObjectRuntime(target);
        var proxy = GrainRegistry.CreateReference(iface, new GrainId("counter", "c1"), runtime);
        Assert.IsAssignableFrom(iface, proxy);
        return (proxy, target, runtime, iface);
    }

    private static object? Call(object proxy, Type declaring, string method, params object?[] arguments) =>
        declaring.GetMethod(method)!.Invoke(proxy, arguments);

    [Fact]
    public async Task Task_of_T_call_through_the_proxy_returns_the_grain_result()
    {
        var (proxy, _, runtime, iface) = Create();

        var sum = await (Task<int>)Call(proxy, iface, "Add", 2, 40)!;

        Assert.Equal(42, sum);
        var request = Assert.Single(runtime.Sent);
        Assert.Equal(iface, request.InterfaceType);
        Assert.Equal("Add", request.MethodName);
        Assert.Equal(2, request.ArgumentCount);
        Assert.Equal(2, request.GetArgument(0));
        Assert.Equal(40, request.GetArgument(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => request.GetArgument(2));
        Assert.Equal(RequestOptions.None, request.Options);
        Assert.Null(request.ResponseTimeout);
    }

    [Fact]
    public async Task ValueTask_of_T_call_completes_after_the_grain_awaits()
    {
        var (proxy, _, _, iface) = Create();

        var echoed = await (ValueTask<string?>)Call(proxy, iface, "Echo", "hi")!;
        var nothing = await (ValueTask<string?>)Call(proxy, iface, "Echo", [null])!;

        Assert.Equal("hi!", echoed);
        Assert.Null(nothing);
    }

    [Fact]
    public async Task Void_call_passes_the_cancellation_token_to_the_grain()
    {
        var (proxy, target, runtime, iface) = Create();
        using var cancellation = new CancellationTokenSource();

        await (Task)Call(proxy, iface, "Set", 7, cancellation.Token)!;

        var baseInterface = iface.Assembly.GetType("GeneratorEndToEnd.ICounterBase", throwOnError: true)!;
        Assert.Equal(7, await (Task<int>)Call(proxy, baseInterface, "Get")!);
        Assert.Equal(cancellation.Token, (CancellationToken)target.GetType().GetField("LastToken")!.GetValue(target)!);
        Assert.Equal(cancellation.Token, runtime.Sent[0].CancellationToken);
        Assert.Equal(1, runtime.Sent[0].ArgumentCount);
        Assert.Equal(baseInterface, runtime.Sent[1].InterfaceType);
    }

    [Fact]
    public async Task Attributes_of_the_interface_method_reach_the_request()
    {
        var (proxy, target, runtime, iface) = Create();

        await (ValueTask)Call(proxy, iface, "Touch")!;

        var request = Assert.Single(runtime.Sent);
        Assert.Equal(RequestOptions.ReadOnly, request.Options);
        Assert.Equal(TimeSpan.FromSeconds(3), request.ResponseTimeout);
        Assert.Equal(1, (int)target.GetType().GetField("Touches")!.GetValue(target)!);
    }
}
