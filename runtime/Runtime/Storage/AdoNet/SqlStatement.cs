using System.Data;
using System.Data.Common;

namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>One SQL statement with its parameter values (bound, never concatenated).</summary>
/// <param name="sql">The statement text.</param>
internal sealed class SqlStatement(string sql)
{
    private readonly List<SqlParameterValue> _parameters = new(10);

    /// <summary>The statement text.</summary>
    public string Sql { get; } = sql;

    /// <summary>Parameters in the order they were added (always the same order for the same text).</summary>
    public IReadOnlyList<SqlParameterValue> Parameters => _parameters;

    /// <summary>Adds a parameter; null becomes <see cref="DBNull"/>.</summary>
    public SqlStatement Add(string name, object? value)
    {
        _parameters.Add(new SqlParameterValue(name, value ?? DBNull.Value, null));
        return this;
    }

    /// <summary>Adds a binary parameter (typed, so that NULL is a typed NULL).</summary>
    public SqlStatement AddBlob(string name, byte[]? value)
    {
        _parameters.Add(new SqlParameterValue(name, (object?)value ?? DBNull.Value, DbType.Binary));
        return this;
    }

    /// <summary>Adds a binary parameter without copying when the memory is a whole array.</summary>
    public SqlStatement AddBlob(string name, ReadOnlyMemory<byte> value) => AddBlob(name, value.AsArray());

    /// <summary>Adds the key columns of a grain: grain_hash, grain_type, grain_key.</summary>
    public SqlStatement AddGrain(GrainId grainId)
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("A default GrainId names no grain.", nameof(grainId));
        }

        return Add("@grain_hash", unchecked((int)grainId.StableHash)).Add("@grain_type", grainId.Type).Add("@grain_key", grainId.Key);
    }

    /// <summary>
    /// Adds the key columns of many grain states as arrays, one element per row: grain_hashes, grain_types,
    /// grain_keys, state_names (the bulk statements unnest them).
    /// </summary>
    public SqlStatement AddStateKeys<TRow>(IReadOnlyList<TRow> rows, Func<TRow, GrainId> grain, Func<TRow, string> stateName) =>
        Add("@grain_hashes", rows.Select(r => unchecked((int)grain(r).StableHash)).ToArray())
            .Add("@grain_types", rows.Select(r => grain(r).Type).ToArray())
            .Add("@grain_keys", rows.Select(r => grain(r).Key).ToArray())
            .Add("@state_names", rows.Select(stateName).ToArray());

    /// <summary>Adds the key columns of a stream: stream_hash, provider, stream_ns, stream_key.</summary>
    public SqlStatement AddStream(string provider, StreamId stream)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(stream.Namespace);
        ArgumentNullException.ThrowIfNull(stream.Key);
        return Add("@stream_hash", StreamHash(stream)).Add("@provider", provider).Add("@stream_ns", stream.Namespace).Add("@stream_key", stream.Key);
    }

    /// <summary>
    /// Adds the key columns of many streams as arrays, one element per row: stream_hashes, providers, stream_nss,
    /// stream_keys (the bulk statements unnest them).
    /// </summary>
    public SqlStatement AddStreamKeys<TRow>(IReadOnlyList<TRow> rows, Func<TRow, string> provider, Func<TRow, StreamId> stream) =>
        Add("@stream_hashes", rows.Select(r => StreamHash(stream(r))).ToArray())
            .Add("@providers", rows.Select(provider).ToArray())
            .Add("@stream_nss", rows.Select(r => stream(r).Namespace).ToArray())
            .Add("@stream_keys", rows.Select(r => stream(r).Key).ToArray());

    /// <summary>The partition hash of a stream: the stable hash of <c>namespace/key</c>.</summary>
    public static int StreamHash(StreamId stream) => unchecked((int)StableHash.Fnv1a32(stream.Namespace, stream.Key));

    /// <summary>Creates a standalone command for this statement.</summary>
    public DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.Transaction = transaction;
        foreach (var parameter in _parameters)
        {
            var p = command.CreateParameter();
            parameter.ApplyTo(p);
            command.Parameters.Add(p);
        }

        return command;
    }
}

/// <summary>A parameter of a <see cref="SqlStatement"/>.</summary>
internal readonly record struct SqlParameterValue(string Name, object Value, DbType? DbType)
{
    /// <summary>Copies name, value and type to a provider parameter.</summary>
    public void ApplyTo(DbParameter parameter)
    {
        parameter.ParameterName = Name;
        if (DbType is { } type)
        {
            parameter.DbType = type;
        }

        parameter.Value = Value;
    }
}
