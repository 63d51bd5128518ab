namespace OrderGrains.ClientApi.Errors;

/// <summary>Stable error codes of the HTTP layer (domain refusals carry their own codes, e.g. <c>order.invalid-transition</c>).</summary>
public static class ErrorCodes
{
    public const string InvalidRequest = "request.invalid";
    public const string MalformedRequest = "request.malformed";
    public const string TooLarge = "request.too-large";
    public const string NotFound = "request.not-found";
    public const string MethodNotAllowed = "request.method-not-allowed";
    public const string UnsupportedMediaType = "request.unsupported-media-type";
    public const string Unauthorized = "auth.unauthorized";
    public const string Forbidden = "auth.forbidden";
    public const string RateLimited = "request.rate-limited";
    public const string Unavailable = "service.unavailable";
    public const string Timeout = "service.timeout";
    public const string Internal = "service.internal";
    public const string IdempotencyConflict = "idempotency.conflict";
}
