using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OrderGrains.Runtime.Persistence;
using OrderGrains.Runtime.Reminders;
using OrderGrains.Runtime.Storage.AdoNet;
using OrderGrains.Runtime.Streams;

namespace OrderGrains.Runtime.Hosting;

/// <summary>Storage, streams and reminders for a silo.</summary>
public static class SiloStorageExtensions
{
    /// <summary>Adds an embedded SQLite storage (a file); one writer, so its group commits run one at a time.</summary>
    public static ISiloBuilder AddSqliteStorage(this ISiloBuilder builder, string connectionString, string name = StorageNames.Default) =>
        builder.AddStorage(name, RuntimeStoreFactory.Sqlite, connectionString);

    /// <summary>Adds a PostgreSQL storage.</summary>
    public static ISiloBuilder AddPostgreSqlStorage(this ISiloBuilder builder, string connectionString, string name = StorageNames.Default) =>
        builder.AddStorage(name, RuntimeStoreFactory.PostgreSql, connectionString);

    /// <summary>Adds a storage by provider name ("Sqlite" or "PostgreSql"), e.g. from configuration.</summary>
    public static ISiloBuilder AddStorage(this ISiloBuilder builder, string name, string provider, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        builder.Services.AddSingleton(sp => new RuntimeStoreRegistration(
            RuntimeStoreFactory.Create(name, provider, connectionString, sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>())));
        return builder;
    }

    /// <summary>Makes <paramref name="name"/> the storage of states that name none.</summary>
    public static ISiloBuilder UseDefaultStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<SiloStorageOptions>(o => o.DefaultStorageName = name);
        return builder;
    }

    /// <summary>Adds a best-effort in-memory stream provider.</summary>
    public static ISiloBuilder AddMemoryStreams(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddSingleton<IStreamProvider>(sp => new MemoryStreamProvider(name, sp.GetRequiredService<SiloRuntime>(), sp.GetRequiredService<ILoggerFactory>()));
        return builder;
    }

    /// <summary>Adds a persistent stream provider (stored events, at-least-once ordered delivery, checkpoints, rewind, dead letters).</summary>
    public static ISiloBuilder AddPersistentStreams(this ISiloBuilder builder, string name, Action<PersistentStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = new PersistentStreamOptions();
        configure?.Invoke(options);
        options.Validate(name);
        builder.Services.AddKeyedSingleton(name, (sp, _) => new PersistentStreamProvider(name, options, sp.GetRequiredService<SiloRuntime>(), sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<IStreamProvider>(sp => sp.GetRequiredKeyedService<PersistentStreamProvider>(name));
        builder.Services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredKeyedService<PersistentStreamProvider>(name));
        builder.Services.TryAddSingleton<IStreamAppendResolver, StreamAppendResolver>();
        return builder;
    }

    /// <summary>Adds durable reminders, stored in the default storage unless configured otherwise.</summary>
    public static ISiloBuilder AddReminders(this ISiloBuilder builder, Action<ReminderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.TryAddSingleton<ReminderService>();
        builder.Services.TryAddSingleton<IReminderRegistry>(sp => sp.GetRequiredService<ReminderService>());
        builder.Services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<ReminderService>());
        return builder;
    }
}
