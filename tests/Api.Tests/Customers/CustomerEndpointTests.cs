using System.Net;
using OrderGrains.Api.Tests.Inventory;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Api.Tests.Customers;

[Collection(ApiCollection.Name)]
public sealed class CustomerEndpointTests(ApiHost host)
{
    private static readonly AddressRequest Home =
        new("Jane Doe", "No. 88 Nanjing Road", "Shanghai", "Shanghai", "200001", "cn", 31.23456, 121.47321, "+86 138 0013 8000");

    [Fact]
    public async Task Customer_service_sees_the_profile_in_full()
    {
        var demo = host.Network.Customers[4];
        using var service = host.Client(ApiRoles.CustomerService);
        using var response = await service.GetAsync($"/api/v1/customers/{demo.CustomerId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var customer = await response.ReadAsync<CustomerResponse>();
        Assert.Equal((demo.Name, demo.Tier, demo.Preferences, false), (customer.Name, customer.Tier, customer.Preferences, customer.PersonalDataMasked));
        Assert.Equal(demo.Addresses, customer.Addresses);
    }

    [Fact]
    public async Task Viewers_get_personal_data_masked()
    {
        var demo = host.Network.Customers[5];
        using var viewer = host.Client(ApiRoles.Viewer);
        using var response = await viewer.GetAsync($"/api/v1/customers/{demo.CustomerId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var customer = await response.ReadAsync<CustomerResponse>();
        Assert.True(customer.PersonalDataMasked);
        Assert.Equal(PiiMask.Name(demo.Name), customer.Name);
        Assert.Equal(demo.Addresses.Select(PiiMask.Address), customer.Addresses);
        Assert.Equal(demo.Tier, customer.Tier);
        foreach (var address in demo.Addresses)
        {
            Assert.DoesNotContain(address.Phone!, text, StringComparison.Ordinal);
            Assert.DoesNotContain(address.Line1, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(demo.Name, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_customer_is_404()
    {
        using var service = host.Client(ApiRoles.CustomerService);
        using var response = await service.GetAsync("/api/v1/customers/C-NEVER");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("customer.not-found", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Put_creates_then_replaces_the_profile()
    {
        using var service = host.Client(ApiRoles.CustomerService);
        var request = new UpsertCustomerRequest("Jane Doe", CustomerTier.Gold, new CustomerPreferencesRequest(false, ShippingSpeed.Express), [Home]);
        using var created = await service.PutJsonAsync("/api/v1/customers/C-API-1", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/customers/C-API-1", created.Headers.Location?.OriginalString);
        var customer = await created.ReadAsync<CustomerResponse>();
        Assert.Equal((CustomerTier.Gold, new CustomerPreferences(false, ShippingSpeed.Express)), (customer.Tier, customer.Preferences));
        Assert.Equal("CN", Assert.Single(customer.Addresses).Country);

        using var replaced = await service.PutJsonAsync("/api/v1/customers/C-API-1", request with { Name = "Jane Roe", Preferences = null, Addresses = null });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var profile = await host.Grains.GetGrain<ICustomerGrain>("C-API-1").GetProfile();
        Assert.Equal(("Jane Roe", CustomerTier.Gold, new CustomerPreferences(), 0), (profile.Name, profile.Tier, profile.Preferences, profile.Addresses.Count));
    }

    [Fact]
    public async Task Tier_and_preferences_change_alone()
    {
        using var service = host.Client(ApiRoles.CustomerService);
        (await service.PutJsonAsync(
            "/api/v1/customers/C-API-2", new UpsertCustomerRequest("Li Na", CustomerTier.Standard, new CustomerPreferencesRequest(true, ShippingSpeed.Standard), [Home]))).Dispose();

        using var tier = await service.PutJsonAsync("/api/v1/customers/C-API-2/tier", new CustomerTierRequest(CustomerTier.Vip));
        Assert.Equal(HttpStatusCode.OK, tier.StatusCode);
        using var preferences = await service.SendJsonAsync(HttpMethod.Put, "/api/v1/customers/C-API-2/preferences", """{"preferredSpeed":"priority"}""");
        Assert.Equal(HttpStatusCode.OK, preferences.StatusCode);

        var profile = await host.Grains.GetGrain<ICustomerGrain>("C-API-2").GetProfile();
        Assert.Equal(("Li Na", CustomerTier.Vip, new CustomerPreferences(true, ShippingSpeed.Priority)), (profile.Name, profile.Tier, profile.Preferences));
        Assert.Equal(Home.ToAddress(), Assert.Single(profile.Addresses));
    }

    [Fact]
    public async Task Tier_of_a_customer_without_profile_is_404()
    {
        using var service = host.Client(ApiRoles.CustomerService);
        using var response = await service.PutJsonAsync("/api/v1/customers/C-NEVER-2/tier", new CustomerTierRequest(CustomerTier.Gold));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("customer.not-found", await response.ProblemCodeAsync());
        Assert.Equal(string.Empty, (await host.Grains.GetGrain<ICustomerGrain>("C-NEVER-2").GetProfile()).Name);
    }

    [Theory]
    [InlineData("""{"tier":"gold"}""", "name")]
    [InlineData("""{"name":"  ","tier":"gold"}""", "name")]
    [InlineData("""{"name":"Jane"}""", "tier")]
    [InlineData("""{"name":"Jane","tier":"gold","addresses":[{"name":"Jane","line1":"1 Road","city":"X","region":"Y","postalCode":"1","country":"China","latitude":1,"longitude":2}]}""", "addresses[0].country")]
    [InlineData("""{"name":"Jane","tier":"gold","addresses":[{"name":"Jane","line1":"1 Road","city":"X","region":"Y","postalCode":"1","country":"CN","latitude":91,"longitude":2}]}""", "addresses[0].latitude")]
    [InlineData("""{"name":"Jane","tier":"gold","addresses":[{"name":"","line1":"1 Road","city":"X","region":"Y","postalCode":"1","country":"CN","latitude":1,"longitude":2}]}""", "addresses[0].name")]
    [InlineData("""{"name":"Jane","tier":"gold","addresses":[{"name":"J","line1":"1 Road","city":"X","region":"Y","postalCode":"1","country":"CN","latitude":1,"longitude":2,"phone":"call me"}]}""", "addresses[0].phone")]
    public async Task Invalid_profiles_name_the_field_and_create_nothing(string body, string field)
    {
        using var service = host.Client(ApiRoles.CustomerService);
        using var response = await service.SendJsonAsync(HttpMethod.Put, "/api/v1/customers/C-API-BAD", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.invalid", await response.ProblemCodeAsync());
        Assert.Contains(field, await response.InvalidFieldsAsync());
        Assert.Equal(string.Empty, (await host.Grains.GetGrain<ICustomerGrain>("C-API-BAD").GetProfile()).Name);
    }

    [Fact]
    public async Task Region_and_phone_of_an_address_are_optional()
    {
        using var service = host.Client(ApiRoles.CustomerService);
        using var response = await service.SendJsonAsync(
            HttpMethod.Put,
            "/api/v1/customers/C-API-3",
            """{"name":"Zhao Lei","tier":"silver","addresses":[{"name":"Zhao Lei","line1":"1 Binjiang Road","city":"Hangzhou","postalCode":"310000","country":"cn","latitude":30.2,"longitude":120.2}]}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var address = Assert.Single((await host.Grains.GetGrain<ICustomerGrain>("C-API-3").GetProfile()).Addresses);
        Assert.Equal((string.Empty, null, "CN"), (address.Region, address.Phone, address.Country));
    }

    [Fact]
    public async Task More_than_ten_addresses_are_refused()
    {
        using var service = host.Client(ApiRoles.CustomerService);
        using var response = await service.PutJsonAsync(
            "/api/v1/customers/C-API-BAD", new UpsertCustomerRequest("Jane", CustomerTier.Gold, null, [.. Enumerable.Repeat(Home, 11)]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("addresses", await response.InvalidFieldsAsync());
    }

    [Theory]
    [InlineData("""{"name":"Jane","tier":"platinum"}""")]
    [InlineData("""{"name":"Jane","tier":"gold","email":"j@example.com"}""")]
    [InlineData("""{"name":"Jane","tier":"gold","preferences":{"preferredSpeed":"teleport"}}""")]
    public async Task Unknown_values_and_fields_are_malformed(string body)
    {
        using var service = host.Client(ApiRoles.CustomerService);
        using var response = await service.SendJsonAsync(HttpMethod.Put, "/api/v1/customers/C-API-BAD", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.malformed", await response.ProblemCodeAsync());
    }

    [Theory]
    [InlineData(ApiRoles.Channel)]
    [InlineData(ApiRoles.Operations)]
    public async Task Channels_and_operations_cannot_read_customers(string role)
    {
        using var client = host.Client(role);
        using var response = await client.GetAsync($"/api/v1/customers/{host.Network.Customers[0].CustomerId}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(ApiRoles.Viewer)]
    [InlineData(ApiRoles.Operations)]
    [InlineData(ApiRoles.Channel)]
    public async Task Only_customer_service_and_admins_change_customers(string role)
    {
        using var client = host.Client(role);
        using var response = await client.PutJsonAsync("/api/v1/customers/C-API-ROLE", new UpsertCustomerRequest("Jane", CustomerTier.Vip));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var tier = await client.PutJsonAsync($"/api/v1/customers/{host.Network.Customers[0].CustomerId}/tier", new CustomerTierRequest(CustomerTier.Vip));
        Assert.Equal(HttpStatusCode.Forbidden, tier.StatusCode);
        Assert.Equal(string.Empty, (await host.Grains.GetGrain<ICustomerGrain>("C-API-ROLE").GetProfile()).Name);
    }

    [Fact]
    public async Task Admins_see_personal_data_and_anonymous_callers_nothing()
    {
        var demo = host.Network.Customers[6];
        using var admin = host.Client(ApiRoles.Admin);
        Assert.Equal(demo.Name, (await (await admin.GetAsync($"/api/v1/customers/{demo.CustomerId}")).ReadAsync<CustomerResponse>()).Name);
        using var anonymous = host.Anonymous();
        using var response = await anonymous.GetAsync($"/api/v1/customers/{demo.CustomerId}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
