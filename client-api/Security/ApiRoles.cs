namespace OrderGrains.ClientApi.Security;

/// <summary>Roles of API callers (the <c>role</c> claim of a token or the role of an API key).</summary>
public static class ApiRoles
{
    /// <summary>A sales channel system: places and edits its own orders.</summary>
    public const string Channel = "channel";

    /// <summary>Customer service: reads and edits orders, handles returns, manages customers.</summary>
    public const string CustomerService = "customer-service";

    /// <summary>Operations: inventory, warehouses and shipment events.</summary>
    public const string Operations = "operations";

    /// <summary>Everything, including webhooks and channels.</summary>
    public const string Admin = "admin";

    /// <summary>Read-only views (the dashboard's viewers).</summary>
    public const string Viewer = "viewer";

    /// <summary>Every role, for validation of tokens and keys.</summary>
    public static IReadOnlyList<string> All { get; } = [Channel, CustomerService, Operations, Admin, Viewer];
}
