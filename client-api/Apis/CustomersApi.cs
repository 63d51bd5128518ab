using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Customers;
using OrderGrains.Runtime;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Customers: profile (personal data masked for roles that do not need it), create/replace, tier and preferences.</summary>
public static class CustomersApi
{
    /// <summary>Code of a customer that does not exist.</summary>
    public const string NotFoundCode = "customer.not-found";

    /// <summary>Maps the customer endpoints on <paramref name="api"/> (a customer's orders are mapped by the orders module).</summary>
    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var customers = api.MapGroup("/customers").WithTags("Customers");
        customers.MapGet("/{customerId}", GetCustomer).RequireAuthorization(ApiPolicies.CustomersRead)
            .WithName("GetCustomer").WithSummary("Profile, tier, preferences, addresses and history; personal data is masked for viewers.");
        customers.MapPut("/{customerId}", PutCustomer).RequireAuthorization(ApiPolicies.CustomersWrite)
            .WithName("PutCustomer").WithSummary("Creates (201) or replaces (200) name, tier, preferences and addresses; history is kept.");
        customers.MapPut("/{customerId}/tier", PutTier).RequireAuthorization(ApiPolicies.CustomersWrite)
            .WithName("PutCustomerTier").WithSummary("Sets the tier of an existing customer.");
        customers.MapPut("/{customerId}/preferences", PutPreferences).RequireAuthorization(ApiPolicies.CustomersWrite)
            .WithName("PutCustomerPreferences").WithSummary("Sets the preferences of an existing customer; omitted fields keep their value.");
        return api;
    }

    /// <summary>
    /// The customer. A customer exists once its profile was written or it has history (orders of customers without a
    /// profile are accepted); a customer grain that was never either answers with an empty default profile: 404.
    /// </summary>
    public static async Task<Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> GetCustomer(
        string customerId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = CustomerValidator.Id(customerId);
        if (!errors.IsEmpty)
        {
            return ApiErrors.Validation(errors.ToDictionary());
        }

        var profile = await grains.GetGrain<ICustomerGrain>(customerId).GetProfile();
        return Exists(profile)
            ? TypedResults.Ok(CustomerResponse.From(profile, PiiMask.SeesPersonalData(user)))
            : NotFound(customerId);
    }

    /// <summary>Creates or replaces the profile.</summary>
    public static async Task<Results<Ok<CustomerResponse>, Created<CustomerResponse>, ValidationProblem, ProblemHttpResult>> PutCustomer(
        string customerId, UpsertCustomerRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var errors = CustomerValidator.Id(customerId);
        CustomerValidator.Upsert(errors, request);
        if (!errors.IsEmpty)
        {
            return ApiErrors.Validation(errors.ToDictionary());
        }

        var customer = grains.GetGrain<ICustomerGrain>(customerId);
        var created = !HasProfile(await customer.GetProfile());
        var preferences = (request.Preferences ?? new CustomerPreferencesRequest()).Over(new CustomerPreferences());
        var addresses = (request.Addresses ?? []).Select(CustomerAddresses.From).ToArray();
        var profile = await customer.Upsert(request.Name!.Trim(), request.Tier!.Value, preferences, addresses);
        Log(loggers).ProfileWritten(user.ClientId(), created ? "created" : "replaced", customerId, profile.Tier, addresses.Length);
        var response = CustomerResponse.From(profile, PiiMask.SeesPersonalData(user));
        return created ? TypedResults.Created($"{ApiHostingExtensions.V1}/customers/{customerId}", response) : TypedResults.Ok(response);
    }

    /// <summary>Sets the tier of a customer with a profile.</summary>
    public static async Task<Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> PutTier(
        string customerId, CustomerTierRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var errors = CustomerValidator.Id(customerId);
        if (request is null)
        {
            errors.Add("body", "A JSON body is required.");
        }
        else
        {
            CustomerValidator.Tier(errors, request.Tier);
        }

        return await ChangeProfileAsync(errors, customerId, user, grains, loggers, "tier changed",
            _ => (request!.Tier, null));
    }

    /// <summary>Sets the preferences of a customer with a profile; omitted fields keep their value.</summary>
    public static async Task<Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> PutPreferences(
        string customerId, CustomerPreferencesRequest request, ClaimsPrincipal user, IGrainFactory grains, ILoggerFactory loggers)
    {
        var errors = CustomerValidator.Id(customerId);
        if (request is null)
        {
            errors.Add("body", "A JSON body is required.");
        }
        else
        {
            CustomerValidator.Preferences(errors, request, path: "body");
        }

        return await ChangeProfileAsync(errors, customerId, user, grains, loggers, "preferences changed",
            current => (null, request!.Over(current.Preferences)));
    }

    /// <summary>
    /// Rewrites the profile with a new tier and/or preferences, keeping the rest. The grain has one upsert command, so
    /// this is read-then-write: a concurrent profile write in between can be overwritten (last writer wins, as for PUT).
    /// </summary>
    private static async Task<Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> ChangeProfileAsync(
        ApiValidationErrors errors,
        string customerId,
        ClaimsPrincipal user,
        IGrainFactory grains,
        ILoggerFactory loggers,
        string action,
        Func<CustomerProfile, (CustomerTier? Tier, CustomerPreferences? Preferences)> change)
    {
        if (!errors.IsEmpty)
        {
            return ApiErrors.Validation(errors.ToDictionary());
        }

        var customer = grains.GetGrain<ICustomerGrain>(customerId);
        var current = await customer.GetProfile();
        if (!HasProfile(current))
        {
            return ApiErrors.NotFound(NotFoundCode, $"Customer '{customerId}' has no profile; create it with PUT /customers/{customerId} first.");
        }

        var (newTier, newPreferences) = change(current);
        var tier = newTier ?? current.Tier;
        var preferences = newPreferences ?? current.Preferences;
        var profile = tier == current.Tier && preferences == current.Preferences
            ? current
            : await customer.Upsert(current.Name, tier, preferences, current.Addresses);
        Log(loggers).ProfileWritten(user.ClientId(), action, customerId, profile.Tier, profile.Addresses.Count);
        return TypedResults.Ok(CustomerResponse.From(profile, PiiMask.SeesPersonalData(user)));
    }

    private static bool HasProfile(CustomerProfile profile) => !string.IsNullOrEmpty(profile.Name);

    private static bool Exists(CustomerProfile profile) =>
        HasProfile(profile) || profile.History is not { Orders: 0, Returns: 0, LateDeliveries: 0, Cancellations: 0 };

    private static ProblemHttpResult NotFound(string customerId) => ApiErrors.NotFound(NotFoundCode, $"Customer '{customerId}' does not exist.");

    private static ILogger Log(ILoggerFactory loggers) => loggers.CreateLogger(CustomerApiLog.Category);
}
