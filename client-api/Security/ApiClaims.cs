using System.Security.Claims;

namespace OrderGrains.ClientApi.Security;

/// <summary>Claims the API reads, and what they mean for a request.</summary>
public static class ApiClaims
{
    /// <summary>Subject: the user or calling system.</summary>
    public const string Subject = "sub";

    /// <summary>Role claim type of tokens and keys.</summary>
    public const string Role = "role";

    /// <summary>The channel a channel system acts for.</summary>
    public const string Channel = "channel";

    /// <summary>The caller's id, for actors on timelines and per-client limits.</summary>
    public static string ClientId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Subject) ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";

    /// <summary>The channel of a channel caller; null for every other role.</summary>
    public static string? ChannelOf(this ClaimsPrincipal user) =>
        user.IsInRole(ApiRoles.Channel) && !user.IsInRole(ApiRoles.Admin) ? user.FindFirstValue(Channel) : null;
}
