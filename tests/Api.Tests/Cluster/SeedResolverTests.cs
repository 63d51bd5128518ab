using OrderGrains.ClientApi.Host;

namespace OrderGrains.Api.Tests.Cluster;

public sealed class SeedResolverTests
{
    [Fact]
    public void A_seed_with_an_address_is_kept() => Assert.Equal("silo-1=10.1.2.3:11111", SeedResolver.Resolve("silo-1=10.1.2.3:11111"));

    [Fact]
    public void A_seed_with_a_host_name_gets_its_address() => Assert.Equal("silo-1=127.0.0.1:11111", SeedResolver.Resolve("silo-1=localhost:11111"));

    [Theory]
    [InlineData("silo-1")]
    [InlineData("silo-1=localhost")]
    [InlineData("=10.1.2.3:11111")]
    [InlineData("silo-1=10.1.2.3:0")]
    public void A_malformed_seed_is_refused_with_its_form(string seed) =>
        Assert.Contains("name=host:port", Assert.Throws<InvalidOperationException>(() => SeedResolver.Resolve(seed)).Message);

    [Fact]
    public void A_host_that_does_not_resolve_is_named_in_the_error() =>
        Assert.Contains("no-such-silo.invalid", Assert.Throws<InvalidOperationException>(() => SeedResolver.Resolve("silo-1=no-such-silo.invalid:11111")).Message);
}
