using OrderGrains.ClientApi.Errors;
using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Warehouses;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Finds a warehouse by asking its grain (authoritative; the directory may lag a moment behind).</summary>
internal static class WarehouseLookup
{
    public const string NotFoundCode = "warehouse.not-found";

    /// <summary>The warehouse's snapshot, or null when no warehouse with that id was ever configured. Nothing is written.</summary>
    public static async Task<WarehouseSnapshot?> FindAsync(IGrainFactory grains, string warehouseId)
    {
        try
        {
            return await grains.GetGrain<IWarehouseGrain>(warehouseId).GetSnapshot();
        }
        catch (DomainException e) when (e.Code == "warehouse.unknown")
        {
            return null;
        }
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string warehouseId) =>
        ApiErrors.NotFound(NotFoundCode, $"Warehouse '{warehouseId}' does not exist.");
}
