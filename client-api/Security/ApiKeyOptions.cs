namespace OrderGrains.ClientApi.Security;

/// <summary>An API key: who uses it, its role and, for channel systems, the channel it acts for.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret sent in the <c>X-Api-Key</c> header (at least 24 characters).</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The calling system (becomes the <c>sub</c> claim).</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>One of <see cref="ApiRoles.All"/>.</summary>
    public string Role { get; set; } = ApiRoles.Channel;

    /// <summary>The channel a channel system acts for (required for the channel role).</summary>
    public string? Channel { get; set; }

    /// <summary>Fails start-up with a clear message on a bad key.</summary>
    public void Validate()
    {
        if (Key.Length < 24 || string.IsNullOrWhiteSpace(ClientId))
        {
            throw new InvalidOperationException("Every OrderGrains:Api:Auth:ApiKeys entry needs a ClientId and a Key of at least 24 characters.");
        }

        if (!ApiRoles.All.Contains(Role, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"API key of client '{ClientId}' has unknown role '{Role}'; roles are {string.Join(", ", ApiRoles.All)}.");
        }

        if (Role == ApiRoles.Channel && string.IsNullOrWhiteSpace(Channel))
        {
            throw new InvalidOperationException($"API key of channel client '{ClientId}' needs a Channel.");
        }
    }
}
