using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrderGrains.ClientApi.Security;

/// <summary>Issues tokens signed with the configured key: for local use (the dev-token command) and for tests.</summary>
public static class DevTokens
{
    /// <summary>Creates a token for <paramref name="subject"/> with <paramref name="role"/> (and the channel of a channel system).</summary>
    public static string Issue(ApiAuthOptions options, string subject, string role, string? channel = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ApiRoles.All.Contains(role, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown role '{role}'; roles are {string.Join(", ", ApiRoles.All)}.", nameof(role));
        }

        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        List<Claim> claims = [new(ApiClaims.Subject, subject), new(ApiClaims.Role, role)];
        if (channel is not null)
        {
            claims.Add(new Claim(ApiClaims.Channel, channel));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.TokenLifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(options.SigningKeyBytes), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// Handles <c>dev-token --role R [--sub NAME] [--channel C]</c>: writes a token to <paramref name="output"/> and returns
    /// true; returns false when <paramref name="args"/> is not that command.
    /// </summary>
    public static bool TryRunCommand(string[] args, ApiAuthOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Length == 0 || args[0] != "dev-token")
        {
            return false;
        }

        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at > 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        options.Validate();
        var role = Value("--role") ?? ApiRoles.Admin;
        output.WriteLine(Issue(options, Value("--sub") ?? $"dev-{role}", role, Value("--channel")));
        return true;
    }
}
