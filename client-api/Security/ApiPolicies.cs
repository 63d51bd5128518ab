using Microsoft.AspNetCore.Authorization;

namespace OrderGrains.ClientApi.Security;

/// <summary>Authorization policies; every endpoint declares one. Each names the roles it admits.</summary>
public static class ApiPolicies
{
    public const string OrdersRead = "orders.read";
    public const string OrdersWrite = "orders.write";
    public const string Returns = "orders.returns";
    public const string ReturnsDecide = "orders.returns.decide";
    public const string ReturnsReceive = "orders.returns.receive";
    public const string ShipmentEvents = "shipments.write";
    public const string InventoryRead = "inventory.read";
    public const string InventoryWrite = "inventory.write";
    public const string WarehousesRead = "warehouses.read";
    public const string WarehousesWrite = "warehouses.write";
    public const string CustomersRead = "customers.read";
    public const string CustomersWrite = "customers.write";
    public const string Promises = "promises.read";
    public const string Webhooks = "webhooks.manage";
    public const string Channels = "channels.manage";
    public const string RulesRead = "rules.read";
    public const string RulesWrite = "rules.write";
    public const string DashboardView = "dashboard.view";
    public const string DashboardOperate = "dashboard.operate";

    /// <summary>Roles admitted by each policy (admin is admitted everywhere).</summary>
    public static IReadOnlyDictionary<string, string[]> Roles { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [OrdersRead] = [ApiRoles.Channel, ApiRoles.CustomerService, ApiRoles.Operations, ApiRoles.Viewer],
        [OrdersWrite] = [ApiRoles.Channel, ApiRoles.CustomerService],
        [Returns] = [ApiRoles.Channel, ApiRoles.CustomerService],
        [ReturnsDecide] = [ApiRoles.CustomerService],
        [ReturnsReceive] = [ApiRoles.CustomerService, ApiRoles.Operations],
        [ShipmentEvents] = [ApiRoles.Operations],
        [InventoryRead] = [ApiRoles.Channel, ApiRoles.CustomerService, ApiRoles.Operations, ApiRoles.Viewer],
        [InventoryWrite] = [ApiRoles.Operations],
        [WarehousesRead] = [ApiRoles.Channel, ApiRoles.CustomerService, ApiRoles.Operations, ApiRoles.Viewer],
        [WarehousesWrite] = [ApiRoles.Operations],
        [CustomersRead] = [ApiRoles.CustomerService, ApiRoles.Viewer],
        [CustomersWrite] = [ApiRoles.CustomerService],
        [Promises] = [ApiRoles.Channel, ApiRoles.CustomerService, ApiRoles.Operations, ApiRoles.Viewer],
        [Webhooks] = [],
        [Channels] = [],
        [RulesRead] = [ApiRoles.Operations, ApiRoles.Viewer],
        [RulesWrite] = [ApiRoles.Operations],
        [DashboardView] = [ApiRoles.Operations, ApiRoles.CustomerService, ApiRoles.Viewer],
        [DashboardOperate] = [ApiRoles.Operations],
    };

    /// <summary>Registers every policy.</summary>
    public static AuthorizationBuilder AddApiPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (name, roles) in Roles)
        {
            builder.AddPolicy(name, policy => policy.RequireAuthenticatedUser().RequireRole([.. roles, ApiRoles.Admin]));
        }

        return builder;
    }
}
