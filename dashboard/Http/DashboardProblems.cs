using Microsoft.AspNetCore.Http;

namespace OrderGrains.Dashboard.Http;

/// <summary>ProblemDetails answers of the dashboard's endpoints, with a machine-readable <c>code</c> like the API's.</summary>
internal static class DashboardProblems
{
    public static IResult Invalid(string code, string detail) => Problem(StatusCodes.Status400BadRequest, "Invalid request", code, detail);

    public static IResult NotFound(string code, string detail) => Problem(StatusCodes.Status404NotFound, "Not found", code, detail);

    public static IResult Unavailable(string code, string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "Unavailable", code, detail);

    private static IResult Problem(int status, string title, string code, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}
