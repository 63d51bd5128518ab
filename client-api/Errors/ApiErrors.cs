using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OrderGrains.ClientApi.Errors;

/// <summary>
/// RFC 7807 problem details with a stable error code: <c>type</c> is <see cref="TypeBase"/> + code and the code is also
/// in the <c>code</c> extension, so clients branch on it, never on the text.
/// </summary>
public static class ApiErrors
{
    /// <summary>Prefix of every problem type.</summary>
    public const string TypeBase = "https://ordergrains.dev/errors/";

    /// <summary>A problem with a status, a stable code and a human-readable detail.</summary>
    public static ProblemHttpResult Problem(int status, string code, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Type = TypeBase + code, Title = TitleOf(code), Detail = detail };
        problem.Extensions["code"] = code;
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>A 400 listing each invalid field with its messages (code <c>request.invalid</c>).</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Type = TypeBase + ErrorCodes.InvalidRequest,
            Title = TitleOf(ErrorCodes.InvalidRequest),
            Detail = "The request has invalid fields; see errors.",
        };
        problem.Extensions["code"] = ErrorCodes.InvalidRequest;
        return TypedResults.ValidationProblem(problem.Errors, problem.Detail, type: problem.Type, title: problem.Title,
            extensions: problem.Extensions);
    }

    /// <summary>A 404 for a resource that does not exist.</summary>
    public static ProblemHttpResult NotFound(string code, string detail) => Problem(StatusCodes.Status404NotFound, code, detail);

    internal static string TitleOf(string code) => code switch
    {
        ErrorCodes.InvalidRequest => "Invalid request",
        ErrorCodes.MalformedRequest => "Malformed request",
        ErrorCodes.TooLarge => "Request too large",
        ErrorCodes.Unavailable => "Service unavailable",
        ErrorCodes.RateLimited => "Too many requests",
        ErrorCodes.Unauthorized => "Authentication required",
        ErrorCodes.Forbidden => "Forbidden",
        _ => code,
    };
}
