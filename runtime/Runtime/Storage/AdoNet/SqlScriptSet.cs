using System.Globalization;
using System.Reflection;
using System.Text;

namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>
/// The embedded SQL of one dialect: named queries from <c>queries.sql</c> (each introduced by a <c>-- name: X</c>
/// line) and ordered migrations <c>NNN_description.sql</c>. Other assemblies with their own schema (e.g. read models)
/// load theirs with <see cref="Load(Assembly, string, string)"/>.
/// </summary>
public sealed class SqlScriptSet
{
    private const string ResourcePrefix = "OrderGrains.Runtime.Sql.";
    private const string NameMarker = "-- name:";

    private readonly Dictionary<string, string> _queries;

    private SqlScriptSet(string dialect, Dictionary<string, string> queries, IReadOnlyList<SqlMigration> migrations)
    {
        Dialect = dialect;
        _queries = queries;
        Migrations = migrations;
    }

    /// <summary>The dialect the scripts are for.</summary>
    public string Dialect { get; }

    /// <summary>Migrations in ascending version order.</summary>
    public IReadOnlyList<SqlMigration> Migrations { get; }

    /// <summary>The text of a named query.</summary>
    public string this[string name] => _queries.TryGetValue(name, out var text)
        ? text
        : throw new InvalidOperationException($"The {Dialect} SQL script set has no query named '{name}'.");

    /// <summary>The text of a named query, or null when the dialect does not need it.</summary>
    public string? Optional(string name) => _queries.GetValueOrDefault(name);

    /// <summary>Loads the runtime's scripts embedded under <c>Storage/Sql/&lt;dialect&gt;/</c>.</summary>
    internal static SqlScriptSet Load(string dialect) => Load(typeof(SqlScriptSet).Assembly, ResourcePrefix, dialect);

    /// <summary>Loads the scripts of <paramref name="dialect"/> embedded in <paramref name="assembly"/> under <paramref name="resourcePrefix"/> (ending with '.').</summary>
    public static SqlScriptSet Load(Assembly assembly, string resourcePrefix, string dialect)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(resourcePrefix);

        // LogicalName uses %(RecursiveDir), so the separator after the dialect folder may be '/', '\' or '.'.
        var folderPrefix = resourcePrefix + dialect;
        Dictionary<string, string>? queries = null;
        var migrations = new List<SqlMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(folderPrefix, StringComparison.Ordinal) || resource.Length <= folderPrefix.Length + 1 ||
                resource[folderPrefix.Length] is not ('/' or '\\' or '.'))
            {
                continue;
            }

            var fileName = resource[(folderPrefix.Length + 1)..];
            var text = ReadResource(assembly, resource);
            if (fileName == "queries.sql")
            {
                queries = ParseQueries(text, resource);
            }
            else if (TryParseMigrationVersion(fileName, out var version))
            {
                migrations.Add(new SqlMigration(version, Path.GetFileNameWithoutExtension(fileName), text));
            }
        }

        if (queries is null)
        {
            throw new InvalidOperationException($"The embedded SQL resource '{folderPrefix}/queries.sql' is missing from {assembly.GetName().Name}.");
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two {dialect} migrations have version {migrations[i].Version}.");
            }
        }

        if (migrations.Count == 0)
        {
            throw new InvalidOperationException($"No {dialect} migration scripts are embedded in {assembly.GetName().Name}.");
        }

        return new SqlScriptSet(dialect, queries, migrations);
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' could not be opened.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static bool TryParseMigrationVersion(string fileName, out int version)
    {
        version = 0;
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        return underscore > 0 && fileName.EndsWith(".sql", StringComparison.Ordinal) &&
               int.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;
    }

    private static Dictionary<string, string> ParseQueries(string text, string resource)
    {
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        var body = new StringBuilder();

        void Flush()
        {
            if (name is null)
            {
                return;
            }

            var sql = body.ToString().Trim().TrimEnd(';').TrimEnd();
            if (sql.Length == 0 || !queries.TryAdd(name, sql))
            {
                throw new InvalidOperationException($"Query '{name}' in '{resource}' is empty or defined twice.");
            }
        }

        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith(NameMarker, StringComparison.Ordinal))
            {
                Flush();
                name = trimmed[NameMarker.Length..].Trim();
                body.Clear();
            }
            else if (name is not null && !trimmed.TrimStart().StartsWith("--", StringComparison.Ordinal))
            {
                body.Append(trimmed).Append('\n');
            }
        }

        Flush();
        return queries;
    }
}

/// <summary>One schema migration script.</summary>
/// <param name="Version">Its version (the number the file name starts with).</param>
/// <param name="Name">The file name without extension.</param>
/// <param name="Script">The SQL, possibly several statements.</param>
public sealed record SqlMigration(int Version, string Name, string Script);
