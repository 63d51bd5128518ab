namespace OrderGrains.Runtime.Testing;

/// <summary>A fresh folder under the temp directory for one test's files (SQLite databases), deleted on dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    private TestDirectory(string path) => Path = path;

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Creates a new, empty folder.</summary>
    public static TestDirectory Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "og-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new TestDirectory(path);
    }

    /// <summary>A SQLite connection string for a database file named <paramref name="file"/> in this folder.</summary>
    public string SqliteConnectionString(string file = "test.db") => $"Data Source={System.IO.Path.Combine(Path, file)}";

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a process that has not exited yet; the temp folder is cleaned by the OS.
        }
    }
}
