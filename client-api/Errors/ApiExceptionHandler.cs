using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OrderGrains.Interfaces;
using OrderGrains.Runtime;
using OrderGrains.Runtime.Storage.AdoNet;

namespace OrderGrains.ClientApi.Errors;

/// <summary>
/// Turns exceptions into problem details: domain refusals keep their code (404/409/422), bad requests are 400/413,
/// and an unavailable store or cluster is 503 with Retry-After, never 500 and never a hang.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = Classify(exception);

        // The framework does not log an exception a handler has handled: a 5xx must still leave a trace.
        var route = (httpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.Unavailable(httpContext.Request.Method, route, code, exception.GetType().Name);
        }
        else if (status >= StatusCodes.Status500InternalServerError)
        {
            logger.Unexpected(httpContext.Request.Method, route, code, exception);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Type = ApiErrors.TypeBase + code, Title = ApiErrors.TitleOf(code), Detail = detail };
        problem.Extensions["code"] = code;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    internal static (int Status, string Code, string Detail) Classify(Exception exception) => exception switch
    {
        DomainException domain => (StatusOf(domain.Code), domain.Code, domain.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, ErrorCodes.TooLarge, "The request body is larger than allowed."),
        BadHttpRequestException { InnerException: JsonException json } => (400, ErrorCodes.MalformedRequest, $"The body is not valid JSON for this endpoint: {json.Message}"),
        BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == 415 ? ErrorCodes.UnsupportedMediaType : ErrorCodes.MalformedRequest, bad.Message),
        JsonException json => (400, ErrorCodes.MalformedRequest, $"The body is not valid JSON for this endpoint: {json.Message}"),

        // Thrown while binding a JSON body whose Content-Type names a charset .NET does not know (or a quoted one).
        InvalidOperationException when exception.TargetSite?.DeclaringType == typeof(HttpRequestJsonExtensions)
            => (415, ErrorCodes.UnsupportedMediaType, "The request's charset is not supported; send JSON as UTF-8 (charset=utf-8, unquoted, or none)."),
        StorageUnavailableException or SiloUnavailableException or RuntimeStoreException
            or GrainActivationException { InnerException: StorageUnavailableException or SiloUnavailableException or RuntimeStoreException }
            => (503, ErrorCodes.Unavailable, "Storage or the cluster is unavailable; retry later with the same idempotency key."),
        GrainCallTimeoutException => (503, ErrorCodes.Timeout, "The call did not complete in time; retry later with the same idempotency key."),
        OperationCanceledException => (503, ErrorCodes.Timeout, "The request was cancelled before it completed; retry with the same idempotency key."),
        _ => (500, ErrorCodes.Internal, "An unexpected error occurred."),
    };

    /// <summary>Status of a domain refusal: unknown resource 404, conflict with the current state 409, anything else 422.</summary>
    internal static int StatusOf(string code) =>
        code.EndsWith(".not-found", StringComparison.Ordinal) || code == "warehouse.unknown" ? StatusCodes.Status404NotFound
        : code.EndsWith(".invalid-transition", StringComparison.Ordinal) || code.EndsWith(".too-late", StringComparison.Ordinal)
            || code.EndsWith(".exists", StringComparison.Ordinal) || code.EndsWith("idempotency-conflict", StringComparison.Ordinal)
            || code.EndsWith(".on-hand-limit", StringComparison.Ordinal) ? StatusCodes.Status409Conflict
        : StatusCodes.Status422UnprocessableEntity;
}
