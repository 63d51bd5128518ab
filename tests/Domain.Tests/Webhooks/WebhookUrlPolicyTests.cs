using System.Net;
using OrderGrains.Grains.Webhooks;

namespace OrderGrains.Domain.Tests.Webhooks;

public sealed class WebhookUrlPolicyTests
{
    [Theory]
    [InlineData("https://hooks.example.com/orders?token=abc")]
    [InlineData("http://203.0.114.10:8080/hook")]
    [InlineData("https://[2606:4700::1111]/hook")]
    public void Public_http_and_https_urls_are_allowed(string url) => Assert.Null(WebhookUrlPolicy.Check(url, new WebhookOptions()));

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://localhost:5080/hook")]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://172.20.1.1/hook")]
    [InlineData("http://192.168.1.10/hook")]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://metadata/hook")]
    [InlineData("http://db.internal/hook")]
    public void Loopback_private_and_local_targets_are_refused_by_default(string url)
    {
        Assert.NotNull(WebhookUrlPolicy.Check(url, new WebhookOptions()));
        Assert.Null(WebhookUrlPolicy.Check(url, new WebhookOptions { AllowPrivateNetworks = true }));
    }

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("/relative/hook")]
    [InlineData("https://user:secret@example.com/hook")]
    [InlineData("https://example.com/hook#fragment")]
    [InlineData("")]
    public void Malformed_or_credentialed_urls_are_refused(string url) => Assert.NotNull(WebhookUrlPolicy.Check(url, new WebhookOptions()));

    [Fact]
    public void Allowed_schemes_and_hosts_restrict_targets()
    {
        var options = new WebhookOptions { AllowedSchemes = ["https"], AllowedHosts = ["*.partner.example", "hooks.example.com"] };
        Assert.Null(WebhookUrlPolicy.Check("https://eu.partner.example/x", options));
        Assert.Null(WebhookUrlPolicy.Check("https://HOOKS.example.com/x", options));
        Assert.NotNull(WebhookUrlPolicy.Check("http://hooks.example.com/x", options));
        Assert.NotNull(WebhookUrlPolicy.Check("https://evil-partner.example/x", options));
        Assert.NotNull(WebhookUrlPolicy.Check("https://other.example.com/x", options));
    }

    [Theory]
    [InlineData("8.8.8.8", false)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("198.18.0.1", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("2a00:1450:4001::200e", false)]
    public void Address_classification(string address, bool nonPublic) =>
        Assert.Equal(nonPublic, WebhookNetworkRules.IsNonPublic(IPAddress.Parse(address)));

    [Fact]
    public void Invalid_options_are_refused_at_start()
    {
        Assert.Throws<InvalidOperationException>(() => new WebhookOptions { MaxAttempts = 0 }.Validate());
        Assert.Throws<InvalidOperationException>(() => new WebhookOptions { AllowedSchemes = ["ftp"] }.Validate());
        Assert.Throws<InvalidOperationException>(() => new WebhookOptions { RetryDelay = TimeSpan.FromMinutes(5) }.Validate());
        var defaults = new WebhookOptions();
        Assert.Same(defaults, defaults.Validate());
    }
}
