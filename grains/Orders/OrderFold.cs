using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Grains.Orders;

/// <summary>
/// Applies an order's changes to its state: the only code that changes an <see cref="OrderState"/>, both while a
/// command runs and when an activation folds the journal records stored after its snapshot.
/// </summary>
public static class OrderFold
{
    /// <summary>Commands remembered for idempotent replays; older ones are forgotten.</summary>
    public const int KeptCommands = 100;

    /// <summary>Applies a stored record: its changes, then its timeline events.</summary>
    public static void Apply(OrderState state, OrderJournalRecord record)
    {
        foreach (var change in record.Changes)
        {
            Apply(state, change);
        }

        state.Timeline.AddRange(record.Events);
    }

    /// <summary>Applies one change.</summary>
    /// <exception cref="InvalidOperationException">The change names a shipment or return the order does not have.</exception>
    public static void Apply(OrderState state, OrderChange change)
    {
        switch (change)
        {
            case OrderPlaced placed:
                state.Exists = true;
                state.CustomerId = placed.CustomerId;
                state.Channel = placed.Channel;
                state.ShipTo = placed.ShipTo;
                state.IsGift = placed.IsGift;
                state.Speed = placed.Speed;
                state.Note = placed.Note;
                state.CreatedAt = placed.At;
                state.Lines = [.. placed.Lines];
                state.Status = OrderStatus.Created;
                break;
            case StatusChanged status:
                state.Status = status.Status;
                break;
            case RulesDecided rules:
                state.Rules = rules.Decision;
                break;
            case FlagAdded added when !state.Flags.Contains(added.Flag):
                state.Flags.Add(added.Flag);
                break;
            case FlagAdded:
                break;
            case FlagRemoved removed:
                state.Flags.Remove(removed.Flag);
                break;
            case HoldChanged hold:
                state.HoldReason = hold.Reason;
                break;
            case AddressChanged address:
                state.ShipTo = address.ShipTo;
                break;
            case LinesChanged lines:
                state.Lines = [.. lines.Lines];
                break;
            case AllocationRoundStarted round:
                state.AllocationRound = round.Round;
                break;
            case ShipmentsAllocated allocated:
                state.Shipments.AddRange(allocated.Shipments.Select(s => s.Clone()));
                break;
            case ShipmentCancelled cancelled:
                Shipment(state, cancelled.ShipmentId).Status = ShipmentStatus.Cancelled;
                break;
            case ShipmentPicked picked:
                var pickedShipment = Shipment(state, picked.ShipmentId);
                pickedShipment.Status = ShipmentStatus.Picked;
                pickedShipment.PickedAt = picked.At;
                break;
            case ShipmentShipped shipped:
                var shippedShipment = Shipment(state, shipped.ShipmentId);
                shippedShipment.Status = ShipmentStatus.Shipped;
                shippedShipment.ShippedAt = shipped.At;
                shippedShipment.Carrier = shipped.Carrier;
                shippedShipment.TrackingNumber = shipped.TrackingNumber;
                break;
            case ShipmentDelivered delivered:
                var deliveredShipment = Shipment(state, delivered.ShipmentId);
                deliveredShipment.Status = ShipmentStatus.Delivered;
                deliveredShipment.DeliveredAt = delivered.At;
                break;
            case ShipmentServiceChanged service:
                var upgraded = Shipment(state, service.ShipmentId);
                upgraded.Carrier = service.Carrier;
                upgraded.Service = service.Service;
                break;
            case ShipmentPromiseRevised promise:
                var revised = Shipment(state, promise.ShipmentId);
                revised.PromisedBy = promise.PromisedBy;
                revised.Promise = promise.Promise;
                break;
            case ReturnOpened opened:
                state.Return = new ReturnState
                {
                    Lines = [.. opened.Lines],
                    Reason = opened.Reason,
                    Category = opened.Category,
                    Decision = opened.Decision,
                    WantsExchange = opened.WantsExchange,
                    RefundAmount = opened.RefundAmount,
                };
                break;
            case ReturnDecided decided:
                Return(state).Decision = decided.Decision;
                break;
            case ExchangeLinked exchange:
                Return(state).ExchangeOrderId = exchange.ExchangeOrderId;
                break;
            case CommandAccepted accepted:
                state.Version++;
                state.UpdatedAt = accepted.At;
                state.Commands[accepted.IdempotencyKey] = new CommandRecord(accepted.Fingerprint, null, null, state.Version);
                if (state.Commands.Count > KeptCommands)
                {
                    foreach (var stale in state.Commands.OrderBy(c => c.Value.Sequence).Take(state.Commands.Count - KeptCommands).Select(c => c.Key).ToList())
                    {
                        state.Commands.Remove(stale);
                    }
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown order change {change.GetType().Name}.");
        }
    }

    private static ShipmentState Shipment(OrderState state, string shipmentId) =>
        state.Shipments.FirstOrDefault(s => s.ShipmentId == shipmentId)
        ?? throw new InvalidOperationException($"The journal changes shipment {shipmentId}, which the order does not have.");

    private static ReturnState Return(OrderState state) =>
        state.Return ?? throw new InvalidOperationException("The journal changes a return the order does not have.");
}
