namespace OrderGrains.Interfaces;

/// <summary>Customer tier, lowest first.</summary>
public enum CustomerTier
{
    Standard,
    Silver,
    Gold,
    Vip,
}

/// <summary>Requested delivery speed.</summary>
public enum ShippingSpeed
{
    Standard,
    Express,
    Priority,
}

/// <summary>Operating status of a warehouse.</summary>
public enum WarehouseStatus
{
    Online,
    Degraded,
    Offline,
}
