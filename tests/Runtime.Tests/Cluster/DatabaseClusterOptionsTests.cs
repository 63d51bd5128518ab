using OrderGrains.Runtime.Placement;

namespace OrderGrains.Runtime.Tests.Cluster;

public sealed class DatabaseClusterOptionsTests
{
    [Fact]
    public void Defaults_renew_four_times_per_lease_and_allow_failover_within_five_seconds()
    {
        var options = new DatabaseClusterOptions { SiloName = "a", Endpoint = "127.0.0.1:11111" };
        var (bind, advertised) = options.Validate();

        Assert.Equal(bind, advertised);
        Assert.Equal(256, options.Partitions);
        Assert.True(options.LeaseDuration + options.RenewInterval <= TimeSpan.FromSeconds(5));
        Assert.Equal(4, options.LeaseDuration / options.RenewInterval);
    }

    [Theory]
    [InlineData("", "127.0.0.1:1", "SiloName")]
    [InlineData("a@b", "127.0.0.1:1", "SiloName")]
    [InlineData("a", "localhost", "Endpoint")]
    [InlineData("a", "127.0.0.1:0", "Endpoint")]
    public void Bad_names_and_endpoints_are_refused_clearly(string name, string endpoint, string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new DatabaseClusterOptions { SiloName = name, Endpoint = endpoint }.Validate());
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lease_shorter_than_two_renewals_is_refused()
    {
        var options = new DatabaseClusterOptions
        {
            SiloName = "a",
            Endpoint = "127.0.0.1:1",
            LeaseDuration = TimeSpan.FromSeconds(1),
            RenewInterval = TimeSpan.FromMilliseconds(600),
        };
        var error = Assert.Throws<InvalidOperationException>(() => options.Validate());
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_a_database_cluster_with_bad_options_fails_at_configuration()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Assert.Throws<InvalidOperationException>(() => services.AddOrderGrainsSilo(silo => silo.AddDatabaseCluster(o => o.Partitions = 0)));
    }
}
