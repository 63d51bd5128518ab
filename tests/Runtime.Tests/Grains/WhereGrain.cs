using Microsoft.Extensions.Options;

namespace OrderGrains.Runtime.Tests.Grains;

public interface IWhereGrain : IGrainWithStringKey
{
    /// <summary>The silo and activation that serve this grain.</summary>
    Task<string> WhereAmI();

    /// <summary>Round-trips a record argument and result.</summary>
    Task<WhereNote> Annotate(WhereNote note);
}

public sealed record WhereNote(string Text, IReadOnlyList<int> Numbers, DateTimeOffset At, string? Silo = null);

public sealed class WhereGrain(IOptions<SiloOptions> silo) : Grain, IWhereGrain
{
    public Task<string> WhereAmI() => Task.FromResult($"{silo.Value.SiloName}#{GrainContext.ActivationId}");

    public Task<WhereNote> Annotate(WhereNote note) => Task.FromResult(note with { Silo = silo.Value.SiloName, Numbers = [.. note.Numbers, note.Numbers.Sum()] });
}
