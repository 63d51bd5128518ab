using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Grains.Customers;

/// <summary>
/// A customer (<c>customer/{id}</c>): profile, history counters, duplicate-order detection and return decisions. A
/// customer never upserted has the default profile, so orders of new customers work. Counting is idempotent per order.
/// </summary>
[GrainType("customer")]
public sealed class CustomerGrain(
    [PersistentState("customer")] IPersistentState<CustomerState> state,
    TimeProvider time,
    ILogger<CustomerGrain> logger,
    IServiceProvider services) : Grain, ICustomerGrain
{
    private readonly CustomerPolicyOptions _options =
        services.GetService<IOptions<CustomerPolicyOptions>>()?.Value ?? CustomerPolicyOptions.Default;

    private CustomerState State => state.State;

    private string CustomerId => GetPrimaryKeyString();

    public Task<CustomerProfile> GetProfile() => Task.FromResult(Profile());

    public Task<CustomerProfile> Upsert(string name, CustomerTier tier, CustomerPreferences preferences, IReadOnlyList<Address> addresses)
    {
        CustomerProfileValidator.Validate(name, preferences, addresses);
        State.Name = name.Trim();
        State.Tier = tier;
        State.Preferences = preferences;
        State.Addresses = [.. addresses];
        state.WriteBehind();
        logger.ProfileUpdated(CustomerId, tier, addresses.Count);
        return Task.FromResult(Profile());
    }

    public async Task<OrderRegistration> BeginOrder(OrderFingerprint fingerprint)
    {
        var before = Profile();
        return new OrderRegistration(before, await RegisterOrder(fingerprint));
    }

    public Task<DuplicateCheck> RegisterOrder(OrderFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        RequireOrderId(fingerprint.OrderId);
        if (State.RegisteredOrders.TryGetValue(fingerprint.OrderId, out var earlierAnswer))
        {
            logger.AlreadyCounted(CustomerId, nameof(RegisterOrder), fingerprint.OrderId);
            return Task.FromResult(earlierAnswer);
        }

        var windowStart = time.GetUtcNow() - _options.DuplicateWindow;
        State.RecentOrders.RemoveAll(o => o.PlacedAt < windowStart);
        var earlier = DuplicateDetector.FindEarlier(State.RecentOrders, fingerprint, _options.DuplicateWindow);
        var check = new DuplicateCheck(earlier is not null, earlier?.OrderId, _options.DuplicatePolicy);
        if (fingerprint.PlacedAt >= windowStart)
        {
            State.RecentOrders.Add(fingerprint);
        }

        State.RegisteredOrders[fingerprint.OrderId] = check;
        State.Orders++;
        state.WriteBehind();
        if (earlier is not null)
        {
            logger.DuplicateOrderDetected(CustomerId, fingerprint.OrderId, earlier.OrderId, check.Policy);
        }

        return Task.FromResult(check);
    }

    public Task RecordCancellation(string orderId)
    {
        RequireOrderId(orderId);
        if (!State.CancelledOrders.Add(orderId))
        {
            logger.AlreadyCounted(CustomerId, nameof(RecordCancellation), orderId);
            return Task.CompletedTask;
        }

        State.Cancellations++;
        state.WriteBehind();
        return Task.CompletedTask;
    }

    public Task RecordDelivery(string orderId, bool late)
    {
        RequireOrderId(orderId);
        if (!State.DeliveredOrders.Add(orderId))
        {
            logger.AlreadyCounted(CustomerId, nameof(RecordDelivery), orderId);
            return Task.CompletedTask;
        }

        if (late)
        {
            State.LateDeliveries++;
        }

        state.WriteBehind();
        return Task.CompletedTask;
    }

    public Task<ReturnDecision> DecideReturn(string orderId, string reasonText, decimal value)
    {
        RequireOrderId(orderId);
        if (value < 0)
        {
            throw new DomainException("customer.invalid-return", "Invalid return: value must not be negative.");
        }

        if (State.ReturnedOrders.TryGetValue(orderId, out var earlierDecision))
        {
            logger.AlreadyCounted(CustomerId, nameof(DecideReturn), orderId);
            return Task.FromResult(earlierDecision);
        }

        var category = ReturnReasonClassifier.Classify(reasonText);
        var decision = new ReturnPolicy(_options).Decide(State.Tier, State.History, category, value);
        State.ReturnedOrders[orderId] = decision;
        State.Returns++;
        state.WriteBehind();
        logger.ReturnDecided(CustomerId, orderId, category, decision.Kind);
        return Task.FromResult(decision);
    }

    private CustomerProfile Profile() =>
        new(CustomerId, State.Name, State.Tier, State.Preferences, [.. State.Addresses], State.History);

    private static void RequireOrderId(string? orderId)
    {
        if (string.IsNullOrWhiteSpace(orderId))
        {
            throw new DomainException("customer.invalid-order", "The order id must not be empty.");
        }
    }
}
