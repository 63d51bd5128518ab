using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace OrderGrains.Runtime.Testing;

/// <summary>
/// A throwaway PostgreSQL server for tests and benchmarks: a fresh data directory under the temp folder, trust
/// authentication, a free loopback port and <c>fsync=on</c> (benchmarks measure durable writes). When the process runs
/// as root the server runs as the <c>postgres</c> OS user. Dispose stops it and deletes its files.
/// </summary>
public sealed partial class PostgresTestServer : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private const string InstallHint =
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH or under /usr/lib/postgresql/*/bin. " +
        "Install them, e.g. 'apt-get install postgresql' (Debian/Ubuntu), or put the server's bin directory on PATH.";

    private readonly string _binDirectory;
    private readonly string _rootDirectory;
    private readonly bool _runAsPostgresUser;
    private int _disposed;

    private PostgresTestServer(string binDirectory, string rootDirectory, bool runAsPostgresUser, int port)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
        _runAsPostgresUser = runAsPostgresUser;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Database = "postgres",
            Pooling = true,
            MaxPoolSize = 100,
        }.ConnectionString;
    }

    /// <summary>Connection string of the server's <c>postgres</c> database as the superuser.</summary>
    public string ConnectionString { get; }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The data directory.</summary>
    public string DataDirectory => Path.Combine(_rootDirectory, "data");

    /// <summary>Creates a data directory and starts a server on a free loopback port.</summary>
    /// <exception cref="InvalidOperationException">The PostgreSQL binaries are missing or the server did not start.</exception>
    public static async Task<PostgresTestServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(InstallHint);
        var runAsPostgres = Environment.IsPrivilegedProcess;
        var root = Path.Combine(Path.GetTempPath(), "og-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            if (runAsPostgres)
            {
                await RunAsync("chown", ["-R", $"{SuperUser}:{SuperUser}", root], cancellationToken);
            }

            var data = Path.Combine(root, "data");
            await RunServerToolAsync(binDirectory, runAsPostgres, "initdb",
                ["-D", data, "-A", "trust", "-U", SuperUser, "--no-sync", "-E", "UTF8", "--locale=C"], cancellationToken);

            // A port picked now may be taken before the server binds it; retry with another.
            for (var attempt = 1; ; attempt++)
            {
                var port = TestPorts.GetFree();
                var server = new PostgresTestServer(binDirectory, root, runAsPostgres, port);
                try
                {
                    await server.StartServerAsync(cancellationToken);
                    return server;
                }
                catch (InvalidOperationException) when (attempt < 3 && !cancellationToken.IsCancellationRequested)
                {
                }
            }
        }
        catch
        {
            TryDeleteDirectory(root);
            throw;
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    /// <param name="name">Database name (lowercase letters, digits, '_'); a unique one when null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "og_" + Guid.NewGuid().ToString("N")[..16];
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid test database name (lowercase letters, digits and '_', at most 63).", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();

            // Identifiers cannot be parameters; the name is validated above.
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server immediately and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunServerToolAsync(_binDirectory, _runAsPostgresUser, "pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], CancellationToken.None);
        }
        finally
        {
            TryDeleteDirectory(_rootDirectory);
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var options = $"-h 127.0.0.1 -p {Port} -k {_rootDirectory} -c fsync=on -c max_connections=200";
        await RunServerToolAsync(_binDirectory, _runAsPostgresUser, "pg_ctl",
            ["start", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(_rootDirectory, "server.log"), "-o", options], cancellationToken);
    }

    private static string? FindBinDirectory()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = Path.Combine(directory, "initdb");
            if (File.Exists(initdb) && File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                // /usr/local/bin/initdb may be a link into the versioned bin directory, where postgres lives too.
                var target = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
                var candidate = Path.GetDirectoryName(target)!;
                if (File.Exists(Path.Combine(candidate, "pg_ctl")) && File.Exists(Path.Combine(candidate, "postgres")))
                {
                    return candidate;
                }
            }
        }

        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Directory: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d).Split('.')[0], out var v) ? v : 0))
            .Where(c => File.Exists(Path.Combine(c.Directory, "initdb")) && File.Exists(Path.Combine(c.Directory, "pg_ctl")))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Directory)
            .FirstOrDefault();
    }

    private static Task RunServerToolAsync(string binDirectory, bool runAsPostgres, string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(binDirectory, tool);
        return runAsPostgres
            ? RunAsync("runuser", ["-u", SuperUser, "--", path, .. arguments], cancellationToken)
            : RunAsync(path, arguments, cancellationToken);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["LC_ALL"] = "C";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout;
        var error = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' exited with code {process.ExitCode}.{Environment.NewLine}{output}{error}");
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
