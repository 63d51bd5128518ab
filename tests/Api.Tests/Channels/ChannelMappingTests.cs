using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OrderGrains.ClientApi.Channels;

namespace OrderGrains.Api.Tests.Channels;

/// <summary>Mappings are checked at start: every mistake names the setting it is in.</summary>
public sealed class ChannelMappingTests
{
    [Fact]
    public void The_test_channels_load()
    {
        var registry = ChannelRegistry.Load(Configuration(ChannelTestHost.Settings));
        Assert.Equal(["marketplace", "pos"], registry.All.Select(c => c.ChannelId));
        Assert.Same(registry.Find("pos"), registry.Find("POS"));
        Assert.Null(registry.Find("web"));
    }

    [Fact]
    public void No_channels_configured_is_valid() =>
        Assert.Empty(ChannelRegistry.Load(Configuration([])).All);

    [Theory]
    [InlineData("CustomerId", null, "OrderGrains:Api:Channels:pos:CustomerId")]
    [InlineData("Line:Quantity", null, "OrderGrains:Api:Channels:pos:Line:Quantity")]
    [InlineData("ShipTo:Latitude", null, "OrderGrains:Api:Channels:pos:ShipTo:Latitude")]
    [InlineData("Lines", "basket[x]", "OrderGrains:Api:Channels:pos:Lines")]
    [InlineData("CustomerId", "member..no", "OrderGrains:Api:Channels:pos:CustomerId")]
    [InlineData("CustomerId", "$.items[*].id", "OrderGrains:Api:Channels:pos:CustomerId")]
    [InlineData("Line:UnitPriceScale", "9", "OrderGrains:Api:Channels:pos:Line:UnitPriceScale")]
    [InlineData("Line:UnitPriceScale", "cents", "OrderGrains:Api:Channels:pos")]
    [InlineData("SpeedValues:2", "warp", "OrderGrains:Api:Channels:pos:SpeedValues:2")]
    [InlineData("CustomerNumber", "member_no", "OrderGrains:Api:Channels:pos")]
    public void A_bad_mapping_fails_start_up_naming_the_setting(string key, string? value, string named)
    {
        var settings = Without(ChannelTestHost.Settings, $"--OrderGrains:Api:Channels:pos:{key}=");
        if (value is not null)
        {
            settings = [.. settings, $"--OrderGrains:Api:Channels:pos:{key}={value}"];
        }

        var error = Assert.Throws<InvalidOperationException>(() => ChannelRegistry.Load(Configuration(settings)));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Speed_codes_without_a_speed_path_fail_start_up()
    {
        var settings = Without(ChannelTestHost.Settings, "--OrderGrains:Api:Channels:pos:Speed=");
        var error = Assert.Throws<InvalidOperationException>(() => ChannelRegistry.Load(Configuration(settings)));
        Assert.Contains("OrderGrains:Api:Channels:pos:Speed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_channel_id_fails_start_up() =>
        Assert.Throws<InvalidOperationException>(() => ChannelRegistry.Load(Configuration(
            [.. ChannelTestHost.Settings.Where(s => s.Contains(":pos:", StringComparison.Ordinal)).Select(s => s.Replace(":pos:", ":p o s:", StringComparison.Ordinal))])));

    [Theory]
    [InlineData("1999", "19.99")]
    [InlineData("\"1999\"", "19.99")]
    [InlineData("5", "0.05")]
    public void Prices_in_cents_are_scaled(string price, string expected)
    {
        var mapping = ChannelMapping.Compile("shop", Minimal(scale: 2));
        var payload = Payload($$$"""{"customer":"C-1","lines":[{"sku":"SKU-1","qty":"3","price":{{{price}}}}],"to":{"name":"A","street":"B","city":"C","zip":"100000","country":"CN","lat":31.2,"lon":121.5}}""");
        var result = mapping.Map(payload);
        Assert.Null(result.Errors);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Request!.Lines[0].UnitPrice);
    }

    [Theory]
    [InlineData("""{"lines":[{"sku":"S","qty":1e40,"price":1}]}""", "$.lines[0].qty")]
    [InlineData("""{"lines":[{"sku":"S","qty":1.5,"price":1}]}""", "$.lines[0].qty")]
    [InlineData("""{"lines":[{"sku":"S","qty":1,"price":1e300}]}""", "$.lines[0].price")]
    [InlineData("""{"lines":[{"sku":true,"qty":1,"price":1}]}""", "$.lines[0].sku")]
    [InlineData("""{"lines":[{"sku":"S","qty":1,"price":"NaN"}]}""", "$.lines[0].price")]
    [InlineData("""{"lines":{"sku":"S"}}""", "$.lines")]
    [InlineData("""{"lines":[]}""", "$.lines")]
    [InlineData("""{"lines":[7]}""", "$.lines[0]")]
    [InlineData("""{"lines":[{"sku":"S","qty":1,"price":1}],"to":{"lat":"NaN"}}""", "$.to.lat")]
    [InlineData("""{"lines":[{"sku":"S","qty":1,"price":1}],"to":[1]}""", "$.to.name")]
    public void Wrong_values_are_reported_at_their_path(string json, string path)
    {
        var result = ChannelMapping.Compile("shop", Minimal(scale: 0)).Map(Payload(json));
        Assert.Null(result.Request);
        Assert.Contains(path, result.Errors!.Keys);
    }

    [Fact]
    public void Text_that_is_not_valid_UTF8_is_reported_at_its_path()
    {
        byte[] json = [.. "{\"customer\":\""u8, 0xFF, 0xC0, .. "\",\"lines\":[{\"sku\":\"S\",\"qty\":\""u8, 0xFE, .. "\",\"price\":1}]}"u8];
        var result = ChannelMapping.Compile("shop", Minimal(scale: 0)).Map(JsonDocument.Parse(json).RootElement);
        Assert.Contains("$.customer", result.Errors!.Keys);
        Assert.Contains("$.lines[0].qty", result.Errors!.Keys);
    }

    internal static IConfiguration Configuration(IEnumerable<string> args) =>
        new ConfigurationBuilder().AddCommandLine([.. args]).Build();

    private static string[] Without(string[] settings, string prefix) =>
        [.. settings.Where(s => !s.StartsWith(prefix, StringComparison.Ordinal))];

    private static ChannelMappingOptions Minimal(int scale) => new()
    {
        CustomerId = "customer",
        Lines = "lines",
        Line = new ChannelLineMappingOptions { Sku = "sku", Quantity = "qty", UnitPrice = "price", UnitPriceScale = scale },
        ShipTo = new ChannelAddressMappingOptions
        {
            Name = "to.name", Line1 = "to.street", City = "to.city", PostalCode = "to.zip", Country = "to.country", Latitude = "to.lat", Longitude = "to.lon",
        },
    };

    private static JsonElement Payload(string json) => JsonDocument.Parse(json).RootElement;
}
