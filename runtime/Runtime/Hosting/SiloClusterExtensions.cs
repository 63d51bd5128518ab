using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Runtime.Placement;

namespace OrderGrains.Runtime.Hosting;

/// <summary>Joins a silo to a cluster.</summary>
public static class SiloClusterExtensions
{
    /// <summary>
    /// Makes this silo one of a static cluster: every silo lists the same silos (<c>name=address:port</c>) and
    /// partitions are spread over them in order; calls to grains in other silos' partitions go over TCP.
    /// </summary>
    public static ISiloBuilder AddStaticCluster(this ISiloBuilder builder, Action<ClusterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        builder.Services.AddSingleton<SiloCluster>();
        builder.Services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<SiloCluster>());
        return builder;
    }

    /// <summary>
    /// Makes this silo a member of a cluster coordinated through its storage (PostgreSQL, or SQLite for processes on
    /// one machine): it registers in the membership table and heartbeats, owns partitions through leases (owner,
    /// epoch, expiry by the database clock), fences every state write, stream append and reminder update by the
    /// lease epoch, forwards calls for partitions owned elsewhere, hands partitions over when silos join or leave
    /// gracefully and takes over a crashed silo's partitions when their leases expire. Add the storage first.
    /// </summary>
    public static ISiloBuilder AddDatabaseCluster(this ISiloBuilder builder, Action<DatabaseClusterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new DatabaseClusterOptions();
        configure(options);
        options.Validate();
        builder.Services.AddSingleton(sp => SiloCluster.CreateDatabase(sp, options));
        builder.Services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<SiloCluster>());
        return builder;
    }
}
