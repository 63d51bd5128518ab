using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime;

/// <summary>Helpers on grains and references.</summary>
public static class GrainExtensions
{
    /// <summary>Identity of a grain reference or grain instance.</summary>
    public static GrainId GetGrainId(this IGrain grain) => grain switch
    {
        GrainReference reference => reference.GrainId,
        Grain instance => instance.GrainId,
        _ => throw new ArgumentException($"{grain?.GetType().Name ?? "null"} is neither a grain reference nor a grain.", nameof(grain)),
    };

    /// <summary>The string key of a grain reference or grain instance.</summary>
    public static string GetPrimaryKeyString(this IGrain grain) => grain.GetGrainId().Key;
}
