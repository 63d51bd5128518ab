namespace OrderGrains.Interfaces;

/// <summary>
/// A command was refused by a business rule (invalid transition, not enough stock, unknown SKU). The code is stable
/// and machine-readable (the HTTP API maps it to a ProblemDetails type); nothing was changed.
/// </summary>
public sealed class DomainException(string code, string message) : Exception(message)
{
    /// <summary>Stable error code, e.g. <c>order.invalid-transition</c>.</summary>
    public string Code { get; } = code;
}
