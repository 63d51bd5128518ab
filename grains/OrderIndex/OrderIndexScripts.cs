using System.Globalization;
using System.Text;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>
/// The embedded SQL of the order index for one dialect (<c>OrderIndex/Sql/&lt;dialect&gt;/</c>): named queries from
/// <c>queries.sql</c> (each introduced by a <c>-- name: X</c> line) and ordered migrations <c>NNN_description.sql</c>,
/// the same layout as the runtime store's scripts.
/// </summary>
internal sealed class OrderIndexScripts
{
    private const string ResourcePrefix = "OrderGrains.Grains.OrderIndex.Sql.";
    private const string NameMarker = "-- name:";

    private readonly Dictionary<string, string> _queries;

    private OrderIndexScripts(string dialect, Dictionary<string, string> queries, IReadOnlyList<OrderIndexMigration> migrations)
    {
        Dialect = dialect;
        _queries = queries;
        Migrations = migrations;
    }

    public string Dialect { get; }

    /// <summary>Migrations in ascending version order.</summary>
    public IReadOnlyList<OrderIndexMigration> Migrations { get; }

    public string this[string name] => _queries.TryGetValue(name, out var text)
        ? text
        : throw new InvalidOperationException($"The {Dialect} order index SQL has no query named '{name}'.");

    /// <summary>The text of a named query, or null when the dialect does not need it.</summary>
    public string? Optional(string name) => _queries.GetValueOrDefault(name);

    public static OrderIndexScripts Load(string dialect)
    {
        var assembly = typeof(OrderIndexScripts).Assembly;
        var folderPrefix = ResourcePrefix + dialect;
        Dictionary<string, string>? queries = null;
        var migrations = new List<OrderIndexMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            // LogicalName uses %(RecursiveDir), so the separator after the dialect folder may be '/', '\' or '.'.
            if (!resource.StartsWith(folderPrefix, StringComparison.Ordinal) || resource.Length <= folderPrefix.Length + 1 ||
                resource[folderPrefix.Length] is not ('/' or '\\' or '.'))
            {
                continue;
            }

            var fileName = resource[(folderPrefix.Length + 1)..];
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded resource '{resource}' could not be opened.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
            if (fileName == "queries.sql")
            {
                queries = ParseQueries(text, resource);
            }
            else if (underscore > 0 && fileName.EndsWith(".sql", StringComparison.Ordinal) &&
                     int.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
            {
                migrations.Add(new OrderIndexMigration(version, Path.GetFileNameWithoutExtension(fileName), text));
            }
        }

        if (queries is null || migrations.Count == 0)
        {
            throw new InvalidOperationException($"The order index SQL for {dialect} is not embedded in {assembly.GetName().Name}.");
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (migrations.Zip(migrations.Skip(1)).Any(p => p.First.Version == p.Second.Version))
        {
            throw new InvalidOperationException($"Two {dialect} order index migrations have the same version.");
        }

        return new OrderIndexScripts(dialect, queries, migrations);
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

/// <summary>One schema migration of the order index.</summary>
internal sealed record OrderIndexMigration(int Version, string Name, string Script);
