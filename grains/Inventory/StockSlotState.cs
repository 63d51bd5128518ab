using OrderGrains.Interfaces.Inventory;

namespace OrderGrains.Grains.Inventory;

/// <summary>Stored state of a stock slot.</summary>
public sealed class StockSlotState
{
    public int OnHand { get; set; }

    /// <summary>Sum of the open reservations' quantities.</summary>
    public int Reserved { get; set; }

    public int SafetyStock { get; set; }

    public InboundStock? ExpectedInbound { get; set; }

    // Open reservations and remembered answers are entries of this state (one row each, see StockSlotGrain). The
    // lists below only exist in rows stored before that; activation moves them into the entries.

    /// <summary>Legacy: open reservations by reservation id.</summary>
    public Dictionary<string, ReservationEntry> Reservations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Legacy: answers to recent reservation ids, oldest first.</summary>
    public List<ReservationOutcome> RecentOutcomes { get; set; } = [];

    /// <summary>Legacy: recently shipped reservation ids, oldest first.</summary>
    public List<string> RecentShipments { get; set; } = [];

    /// <summary>Legacy: processed receipt and adjustment references, oldest first.</summary>
    public List<string> ProcessedReferences { get; set; } = [];

    /// <summary>Time of the latest availability event, so event times stay strictly increasing across activations.</summary>
    public DateTimeOffset LastEventAt { get; set; }
}
