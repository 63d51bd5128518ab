using OrderGrains.Bench.Harness;
using OrderGrains.Bench.Scenarios;

// dotnet run -c Release --project bench -- <scenario> [--seconds N] [options]
// Exit codes: 0 valid run, 1 invalid run (e.g. lost acknowledged writes), 2 bad arguments.
if (await GcTuning.RunTunedAsync(args) is { } exitCode)
{
    return exitCode;
}

try
{
    var options = BenchArgs.Parse(args);
    IScenario scenario = options.Scenario switch
    {
        LocalCallsScenario.Name => new LocalCallsScenario(options),
        PersistScenario.Name => new PersistScenario(options),
        ActivationsScenario.Name => new ActivationsScenario(options),
        OrdersScenario.Name => new OrdersScenario(options),
        RerouteScenario.Name => new RerouteScenario(options),
        PromiseScenario.Name => new PromiseScenario(options),
        PromiseEvalScenario.Name => new PromiseEvalScenario(options),
        HttpOrdersScenario.Name => new HttpOrdersScenario(options),
        RemoteCallsScenario.Name => new RemoteCallsScenario(options),
        RemoteCallsPeer.Name => new RemoteCallsPeer(options),
        OrderSearchScenario.Name => new OrderSearchScenario(options),
        RulesScenario.Name => new RulesScenario(options),
        SandboxScenario.Name => new SandboxScenario(options),
        DashboardOverheadScenario.Name => new DashboardOverheadScenario(options),
        FailoverScenario.Name => new FailoverScenario(options),
        FailoverSiloScenario.Name => new FailoverSiloScenario(options),
        _ => throw new BenchArgumentException($"Unknown scenario '{options.Scenario}'."),
    };
    options.ThrowIfUnused();
    var result = await scenario.RunAsync();
    ResultWriter.Write(result.Json);
    if (!result.Valid)
    {
        await Console.Error.WriteLineAsync($"{options.Scenario}: INVALID RUN: {result.Problem}");
        return 1;
    }

    return 0;
}
catch (BenchArgumentException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    await Console.Error.WriteLineAsync(BenchArgs.Usage);
    return 2;
}
