using System.Collections.Concurrent;
using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime.Catalog;

/// <summary>Grain classes known to this process: by grain type and by the interfaces they implement.</summary>
internal sealed class GrainTypeManager
{
    private readonly Dictionary<string, GrainClassDescriptor> _byType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _typeByInterface = new();

    public GrainTypeManager(IEnumerable<GrainClassDescriptor> descriptors)
    {
        foreach (var descriptor in descriptors)
        {
            if (_byType.TryGetValue(descriptor.GrainType, out var existing) && existing.ClassType != descriptor.ClassType)
            {
                throw new InvalidOperationException(
                    $"Grain type '{descriptor.GrainType}' is used by both {existing.ClassType.FullName} and {descriptor.ClassType.FullName}; give one a [GrainType].");
            }

            _byType[descriptor.GrainType] = descriptor;
        }
    }

    public IReadOnlyCollection<GrainClassDescriptor> All => _byType.Values;

    public GrainClassDescriptor Get(string grainType) =>
        _byType.TryGetValue(grainType, out var descriptor)
            ? descriptor
            : throw new ArgumentException($"No grain class has grain type '{grainType}'.", nameof(grainType));

    public bool TryGet(string grainType, out GrainClassDescriptor descriptor) => _byType.TryGetValue(grainType, out descriptor!);

    public string GetGrainType(Type interfaceType) => _typeByInterface.GetOrAdd(interfaceType, static (iface, all) =>
    {
        var matches = all.Values.Where(d => d.Interfaces.Contains(iface)).ToList();
        if (matches.Count > 1)
        {
            // Like Orleans: with several implementations, the class named after the interface (IFooGrain -> FooGrain) is the default.
            var conventional = matches.Where(d => "I" + d.ClassType.Name == iface.Name).ToList();
            if (conventional.Count == 1)
            {
                matches = conventional;
            }
        }

        return matches.Count switch
        {
            1 => matches[0].GrainType,
            0 => throw new ArgumentException($"No grain class implements {iface.FullName}. Is its assembly loaded into the silo?", nameof(interfaceType)),
            _ => throw new ArgumentException(
                $"{iface.FullName} is implemented by several grain classes ({string.Join(", ", matches.Select(m => m.ClassType.Name))}); use GetGrain with a GrainId.",
                nameof(interfaceType)),
        };
    }, _byType);
}
