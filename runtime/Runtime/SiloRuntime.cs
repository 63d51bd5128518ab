using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Runtime.Catalog;
using OrderGrains.Runtime.Diagnostics;
using OrderGrains.Runtime.Hosting;
using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Messaging;
using OrderGrains.Runtime.Persistence;

namespace OrderGrains.Runtime;

/// <summary>The parts of one silo's runtime that activations share.</summary>
internal sealed class SiloRuntime
{
    public SiloRuntime(
        IServiceProvider services,
        IOptions<SiloOptions> options,
        TimeProvider timeProvider,
        RuntimeInstruments instruments,
        GrainCallFilters callFilters,
        PersistenceManager persistence,
        ILoggerFactory loggerFactory)
    {
        Services = services;
        Options = options.Value;
        TimeProvider = timeProvider;
        Instruments = instruments;
        CallFilters = callFilters;
        Persistence = persistence;
        Logger = loggerFactory.CreateLogger("OrderGrains.Runtime");
        GrainTypes = new GrainTypeManager(GrainRegistry.GrainClasses);
        Catalog = new GrainCatalog(this);
        Dispatcher = new GrainCallDispatcher(this);
        GrainFactory = new GrainFactory(this, Dispatcher);
        instruments.ObserveMailboxLength(Catalog.TotalMailboxLength);
    }

    public IServiceProvider Services { get; }

    public SiloOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public RuntimeInstruments Instruments { get; }

    public GrainCallFilters CallFilters { get; }

    public PersistenceManager Persistence { get; }

    public ILogger Logger { get; }

    public GrainTypeManager GrainTypes { get; }

    public GrainCatalog Catalog { get; }

    public GrainCallDispatcher Dispatcher { get; }

    public IGrainFactory GrainFactory { get; }

    /// <summary>The cluster this silo is part of, once joined; null for a single silo.</summary>
    public Placement.SiloCluster? Cluster { get; set; }

    public ActivationData CreateActivation(GrainId grainId, GrainClassDescriptor descriptor) => new(grainId, descriptor, this)
    {
        CollectionAge = Options.CollectionAgeByGrainType.TryGetValue(grainId.Type, out var age)
            ? age
            : descriptor.CollectionAge ?? Options.CollectionAge,
        Fence = Cluster?.FenceFor(grainId),
    };
}
