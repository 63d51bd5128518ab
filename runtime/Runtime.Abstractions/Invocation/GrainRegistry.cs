using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace OrderGrains.Runtime.Invocation;

/// <summary>
/// Proxies and grain classes, registered by generated module initializers of each assembly that declares them.
/// </summary>
public static class GrainRegistry
{
    private static readonly ConcurrentDictionary<Type, Func<GrainId, IGrainCallRuntime, GrainReference>> Proxies = new();
    private static readonly ConcurrentDictionary<Type, GrainClassDescriptor> Classes = new();
    private static readonly ConcurrentDictionary<string, Func<GrainRequest>> Requests = new(StringComparer.Ordinal);

    /// <summary>Registers the proxy factory of a grain interface. Called by generated code.</summary>
    public static void RegisterProxy(Type interfaceType, Func<GrainId, IGrainCallRuntime, GrainReference> factory)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        Proxies[interfaceType] = factory;
    }

    /// <summary>Registers a grain class. Called by generated code.</summary>
    public static void RegisterGrainClass(GrainClassDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Classes[descriptor.ClassType] = descriptor;
    }

    /// <summary>Registers the request factory of a grain method, for calls arriving from other processes. Called by generated code.</summary>
    public static void RegisterRequest(Type interfaceType, string methodName, int ordinal, Func<GrainRequest> factory)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        Requests[WireMethod(interfaceType, methodName, ordinal)] = factory;
    }

    /// <summary>The wire identity of a grain method.</summary>
    public static string WireMethod(Type interfaceType, string methodName, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        return $"{interfaceType.FullName}::{methodName}#{ordinal}";
    }

    /// <summary>A new, empty request for the method named <paramref name="wireMethod"/>, if it is known here.</summary>
    public static bool TryCreateRequest(string wireMethod, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GrainRequest? request)
    {
        request = Requests.TryGetValue(wireMethod, out var factory) ? factory() : null;
        return request is not null;
    }

    /// <summary>All registered grain classes.</summary>
    public static IReadOnlyCollection<GrainClassDescriptor> GrainClasses => (IReadOnlyCollection<GrainClassDescriptor>)Classes.Values;

    /// <summary>Runs the generated registrations of <paramref name="assembly"/> if they have not run yet.</summary>
    public static void EnsureRegistered(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
    }

    /// <summary>Creates a proxy of <paramref name="interfaceType"/> for <paramref name="grainId"/>.</summary>
    /// <exception cref="ArgumentException">The interface has no generated proxy.</exception>
    public static GrainReference CreateReference(Type interfaceType, GrainId grainId, IGrainCallRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        if (!Proxies.TryGetValue(interfaceType, out var factory))
        {
            EnsureRegistered(interfaceType.Assembly);
            if (!Proxies.TryGetValue(interfaceType, out factory))
            {
                throw new ArgumentException(
                    $"{interfaceType.FullName} has no generated proxy. Grain interfaces must derive from IGrainWithStringKey and their project must reference OrderGrains.Runtime.Generators.",
                    nameof(interfaceType));
            }
        }

        return factory(grainId, runtime);
    }
}
