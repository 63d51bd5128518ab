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

    /// <summary>Open reservations by reservation id.</summary>
    public Dictionary<string, ReservationEntry> Reservations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Answers to recent reservation ids, oldest first (bounded).</summary>
    public List<ReservationOutcome> RecentOutcomes { get; set; } = [];

    /// <summary>Recently shipped reservation ids, oldest first (bounded), so a repeated ship is a no-op.</summary>
    public List<string> RecentShipments { get; set; } = [];

    /// <summary>Processed receipt and adjustment references (<c>receive:REF</c>, <c>adjust:REF</c>), oldest first (bounded).</summary>
    public List<string> ProcessedReferences { get; set; } = [];

    /// <summary>Time of the latest availability event, so event times stay strictly increasing across activations.</summary>
    public DateTimeOffset LastEventAt { get; set; }
}
