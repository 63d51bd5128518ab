using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace OrderGrains.ClientApi.Security;

/// <summary>Registers authentication (bearer tokens or API keys, chosen per request) and the API's policies.</summary>
internal static class ApiAuthenticationExtensions
{
    private const string SelectorScheme = "OrderGrains";

    public static IServiceCollection AddApiAuthentication(this IServiceCollection services, ApiAuthOptions options)
    {
        if (!options.Enabled)
        {
            services.AddAuthentication(OpenAccessAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, OpenAccessAuthenticationHandler>(OpenAccessAuthenticationHandler.SchemeName, null);
        }
        else
        {
            services.AddAuthentication(SelectorScheme)
                .AddPolicyScheme(SelectorScheme, "Bearer token or API key", o => o.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                        ? ApiKeyAuthenticationHandler.SchemeName
                        : JwtBearerDefaults.AuthenticationScheme)
                .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
                .AddJwtBearer(jwt =>
                {
                    jwt.MapInboundClaims = false;
                    jwt.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = options.Issuer,
                        ValidAudience = options.Audience,
                        IssuerSigningKey = new SymmetricSecurityKey(options.SigningKeyBytes),
                        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                        NameClaimType = ApiClaims.Subject,
                        RoleClaimType = ApiClaims.Role,
                        ClockSkew = TimeSpan.FromSeconds(30),
                    };
                });
        }

        services.AddAuthorizationBuilder().AddApiPolicies();
        return services;
    }
}
