namespace OrderGrains.Runtime;

/// <summary>Creates references to grains. Creating a reference performs no I/O and activates nothing.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of interface <typeparamref name="TGrainInterface"/> with the given key.</summary>
    /// <exception cref="ArgumentException">No grain class implements the interface.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;

    /// <summary>Returns a reference of interface <typeparamref name="TGrainInterface"/> to the grain with the given identity.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain;
}
