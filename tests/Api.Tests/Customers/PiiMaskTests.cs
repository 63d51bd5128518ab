using System.Security.Claims;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.Api.Tests.Customers;

public sealed class PiiMaskTests
{
    [Theory]
    [InlineData("Jane Doe", "J*** D***")]
    [InlineData("  Wang   Wei ", "W*** W***")]
    [InlineData("Li", "L***")]
    [InlineData("", "")]
    [InlineData("\U0001F600 Smile", "\U0001F600*** S***")]
    public void Names_keep_only_initials(string name, string masked) => Assert.Equal(masked, PiiMask.Name(name));

    [Theory]
    [InlineData("+86 138 0013 8000", "+** *** **** **00")]
    [InlineData("5", "5")]
    [InlineData("(555) 123-4567 ext", "(***) ***-**67 ***")]
    public void Phones_keep_the_last_two_digits(string phone, string masked) => Assert.Equal(masked, PiiMask.Phone(phone));

    [Fact]
    public void Missing_values_stay_missing()
    {
        Assert.Null(PiiMask.Name(null));
        Assert.Null(PiiMask.Phone(null));
    }

    [Fact]
    public void Addresses_keep_the_city_and_hide_the_person_and_the_street()
    {
        var address = new Address("Jane Doe", "No. 88 Nanjing Road", "Shanghai", "Shanghai", "200001", "CN", 31.23456, 121.47321, "+86 138 0013 8000");
        var masked = PiiMask.Address(address);
        Assert.Equal(
            new Address("J*** D***", "N*** 8*** N*** R***", "Shanghai", "Shanghai", "20****", "CN", 31.2, 121.5, "+** *** **** **00"),
            masked);
    }

    [Theory]
    [InlineData(ApiRoles.CustomerService, true)]
    [InlineData(ApiRoles.Admin, true)]
    [InlineData(ApiRoles.Viewer, false)]
    [InlineData(ApiRoles.Operations, false)]
    [InlineData(ApiRoles.Channel, false)]
    public void Only_customer_service_and_admins_see_personal_data(string role, bool sees)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ApiClaims.Role, role)], "test", ApiClaims.Subject, ApiClaims.Role));
        Assert.Equal(sees, PiiMask.SeesPersonalData(user));
    }
}
