namespace OrderGrains.Silo;

/// <summary>The <c>OrderGrains</c> configuration section.</summary>
public sealed class SiloHostSettings
{
    /// <summary>HTTP front (API, dashboard, health).</summary>
    public HttpSettings Http { get; set; } = new();

    /// <summary>Default storage.</summary>
    public StorageSettings Storage { get; set; } = new();

    /// <summary>Load the demo network (warehouses, SKUs, stock, customers) on first start.</summary>
    public bool DemoData { get; set; } = true;

    /// <summary>Fails start-up with a clear message on bad settings.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Http.Urls))
        {
            throw new InvalidOperationException("OrderGrains:Http:Urls must name at least one address (e.g. http://127.0.0.1:5080).");
        }

        if (string.IsNullOrWhiteSpace(Storage.Provider) || string.IsNullOrWhiteSpace(Storage.ConnectionString))
        {
            throw new InvalidOperationException("OrderGrains:Storage:Provider (Sqlite or PostgreSql) and OrderGrains:Storage:ConnectionString are required.");
        }
    }

    /// <summary>HTTP settings.</summary>
    public sealed class HttpSettings
    {
        /// <summary>Listen addresses, separated by ';'.</summary>
        public string Urls { get; set; } = "http://127.0.0.1:5080";
    }

    /// <summary>Storage settings.</summary>
    public sealed class StorageSettings
    {
        /// <summary>Sqlite (embedded, default) or PostgreSql.</summary>
        public string Provider { get; set; } = "Sqlite";

        /// <summary>ADO.NET connection string.</summary>
        public string ConnectionString { get; set; } = "Data Source=ordergrains.db";
    }
}
