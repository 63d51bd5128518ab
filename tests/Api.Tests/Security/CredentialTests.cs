using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrderGrains.ClientApi.Security;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Api.Tests.Security;

/// <summary>Credentials that must not get anyone in: expired or forged tokens, unknown keys, unknown roles.</summary>
[Collection(ApiCollection.Name)]
public sealed class CredentialTests(ApiHost host)
{
    private const string Probe = "/api/v1/orders/ORD-credential-probe";

    [Fact]
    public async Task A_valid_token_gets_past_authentication()
    {
        // The baseline the refusals below are measured against: the same request with a good token is not a 401/403.
        using var response = await SendAsync(DevTokens.Issue(host.Auth, "credential-test", ApiRoles.Viewer));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Expired_token_is_a_401()
    {
        // Issued 9 h ago with an 8 h lifetime: expired by far more than the allowed clock skew.
        var issuedAt = new FakeTimeProvider(DateTimeOffset.UtcNow - host.Auth.TokenLifetime - TimeSpan.FromHours(1));
        using var response = await SendAsync(DevTokens.Issue(host.Auth, "credential-test", ApiRoles.Admin, time: issuedAt));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_a_401()
    {
        var forger = new ApiAuthOptions { SigningKey = "a-different-signing-key-0123456789abcdef0123", Issuer = host.Auth.Issuer, Audience = host.Auth.Audience };
        using var response = await SendAsync(DevTokens.Issue(forger, "credential-test", ApiRoles.Admin));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task Unknown_api_key_is_a_401()
    {
        using var client = host.ApiKeyClient("not-a-configured-key-0123456789abcdef");
        using var response = await client.GetAsync(Probe);
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task Token_with_an_unknown_role_is_a_403()
    {
        // Correctly signed, so the caller is authenticated, but no policy admits the role.
        using var response = await SendAsync(Token("credential-test", "superuser"));
        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "auth.forbidden");
    }

    private async Task<HttpResponseMessage> SendAsync(string token)
    {
        using var client = host.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(Probe);
    }

    private string Token(string subject, string role)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(ApiClaims.Subject, subject), new Claim(ApiClaims.Role, role)]),
            Issuer = host.Auth.Issuer,
            Audience = host.Auth.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(host.Auth.SigningKeyBytes), SecurityAlgorithms.HmacSha256),
        });
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await response.ProblemCodeAsync());
    }
}
