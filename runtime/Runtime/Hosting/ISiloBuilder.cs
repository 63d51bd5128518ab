using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace OrderGrains.Runtime.Hosting;

/// <summary>Configures a silo: options, storage, streams, grain assemblies and call filters.</summary>
public interface ISiloBuilder
{
    /// <summary>The host's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>Assemblies whose grains must be loaded besides those the entry assembly references.</summary>
    IList<Assembly> GrainAssemblies { get; }
}

/// <summary>Default <see cref="ISiloBuilder"/>.</summary>
internal sealed class SiloBuilder(IServiceCollection services) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;

    public IList<Assembly> GrainAssemblies { get; } = [];
}
