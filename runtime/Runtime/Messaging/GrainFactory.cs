using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime.Messaging;

/// <summary>Creates grain references bound to this silo's dispatcher. No I/O.</summary>
internal sealed class GrainFactory(SiloRuntime runtime, IGrainCallRuntime callRuntime) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var grainType = runtime.GrainTypes.GetGrainType(typeof(TGrainInterface));
        return (TGrainInterface)(object)GrainRegistry.CreateReference(typeof(TGrainInterface), new GrainId(grainType, key), callRuntime);
    }

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is empty.", nameof(grainId));
        }

        return (TGrainInterface)(object)GrainRegistry.CreateReference(typeof(TGrainInterface), grainId, callRuntime);
    }
}
