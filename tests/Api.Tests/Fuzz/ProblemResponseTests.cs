using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>Regressions the fuzzer found in the shared error handling: each is a 4xx problem with a code, never a 5xx or an empty body.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProblemResponseTests(ApiHost host)
{
    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    [InlineData("image/png")]
    public async Task Errors_are_problem_JSON_even_when_Accept_names_no_JSON_type(string accept)
    {
        using var admin = host.Client(ApiRoles.Admin);
        admin.DefaultRequestHeaders.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));

        using var malformed = await admin.PostAsync("/api/v1/orders", new StringContent("{\"customerId\":", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest, "request.malformed");

        using var wrongMethod = await admin.DeleteAsync("/api/v1/orders");
        await AssertProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "request.method-not-allowed");

        using var noSuchRoute = await admin.GetAsync("/api/v1/no-such-thing");
        await AssertProblemAsync(noSuchRoute, HttpStatusCode.NotFound, "request.not-found");
    }

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=\"utf-8\"")]
    public async Task A_body_in_a_charset_the_server_cannot_read_is_a_415(string contentType)
    {
        using var admin = host.Client(ApiRoles.Admin);
        using var content = new ByteArrayContent("{}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await admin.PutAsync($"/api/v1/warehouses/{host.Network.Warehouses[0].WarehouseId}/capacity", content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "request.unsupported-media-type");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, await response.ProblemCodeAsync());
    }
}
