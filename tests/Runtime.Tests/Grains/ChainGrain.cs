namespace OrderGrains.Runtime.Tests.Grains;

public sealed class ChainGrain : Grain, IChainGrain
{
    public Task<string> StartChain(string next) => GrainFactory.GetGrain<IChainGrain>(next).CallBack(GetPrimaryKeyString());

    public async Task<string> CallBack(string origin) => $"{GetPrimaryKeyString()}<-{await GrainFactory.GetGrain<IChainGrain>(origin).Echo("back")}";

    public Task<string> Echo(string text) => Task.FromResult($"{GetPrimaryKeyString()}:{text}");
}
