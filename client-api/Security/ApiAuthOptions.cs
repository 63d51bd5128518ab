using System.Text;

namespace OrderGrains.ClientApi.Security;

/// <summary>Authentication of API callers: JWT bearer tokens signed with a symmetric key, and API keys for channel systems.</summary>
public sealed class ApiAuthOptions
{
    /// <summary>The value of <see cref="SigningKey"/> that selects the built-in development key (local use only).</summary>
    public const string DevelopmentKeyName = "development";

    // Public on purpose: it signs tokens for local runs only, and the silo warns at start whenever it is in use.
    private const string DevelopmentKey = "ordergrains-development-signing-key-do-not-use-in-production";

    /// <summary>False turns authentication off: every caller acts as admin. Only by explicit configuration.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Symmetric key for HMAC-SHA256 tokens, at least 32 bytes; <c>development</c> for the built-in dev key.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Issuer of tokens (<c>iss</c>).</summary>
    public string Issuer { get; set; } = "ordergrains";

    /// <summary>Audience of tokens (<c>aud</c>).</summary>
    public string Audience { get; set; } = "ordergrains-api";

    /// <summary>Lifetime of tokens issued by the dev token command.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>API keys of channel systems and other services.</summary>
    public IList<ApiKeyOptions> ApiKeys { get; } = [];

    /// <summary>True when tokens are signed with the built-in development key.</summary>
    public bool UsesDevelopmentKey => string.Equals(SigningKey, DevelopmentKeyName, StringComparison.Ordinal);

    /// <summary>The signing key's bytes.</summary>
    public byte[] SigningKeyBytes => Encoding.UTF8.GetBytes(UsesDevelopmentKey ? DevelopmentKey : SigningKey ?? string.Empty);

    /// <summary>Fails start-up with a clear message on bad settings.</summary>
    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        if (string.IsNullOrEmpty(SigningKey) || SigningKeyBytes.Length < 32)
        {
            throw new InvalidOperationException(
                "OrderGrains:Api:Auth:SigningKey must be at least 32 bytes (or 'development' for the built-in local key); " +
                "set OrderGrains:Api:Auth:Enabled=false only to run without authentication.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in ApiKeys)
        {
            key.Validate();
            if (!seen.Add(key.Key))
            {
                throw new InvalidOperationException($"OrderGrains:Api:Auth:ApiKeys lists the key of client '{key.ClientId}' twice.");
            }
        }
    }
}
