using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.ClientApi;

namespace OrderGrains.Api.Tests.Security;

/// <summary>One HTTP method of one /api/v1 endpoint, with the policies its metadata requires.</summary>
public sealed record ApiEndpoint(string Method, RoutePattern Pattern, IReadOnlyList<string> Policies, bool AllowsAnonymous)
{
    public string Route => Pattern.RawText ?? string.Empty;

    public override string ToString() => $"{Method} {Route}";

    /// <summary>Every /api/v1 endpoint the application maps, found in its endpoint data source at test time.</summary>
    public static IReadOnlyList<ApiEndpoint> All(ApiHost host)
    {
        var source = host.App.Services.GetRequiredService<EndpointDataSource>();
        return
        [
            .. source.Endpoints.OfType<RouteEndpoint>()
                .Where(e => (e.RoutePattern.RawText ?? string.Empty).StartsWith(ApiHostingExtensions.V1 + "/", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(e.RoutePattern.RawText, ApiHostingExtensions.V1, StringComparison.OrdinalIgnoreCase))
                .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new ApiEndpoint(
                    method,
                    e.RoutePattern,
                    [.. e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal)],
                    e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
                .OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal),
        ];
    }

    /// <summary>The path with each route parameter filled from <paramref name="values"/> (by name) or a plausible sample.</summary>
    public string Path(IReadOnlyDictionary<string, string> values)
    {
        var segments = new List<string>();
        foreach (var segment in Pattern.PathSegments)
        {
            var text = string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter => Uri.EscapeDataString(SampleFor(parameter, values)),
                _ => string.Empty,
            }));
            segments.Add(text);
        }

        return "/" + string.Join('/', segments);
    }

    private static string SampleFor(RoutePatternParameterPart parameter, IReadOnlyDictionary<string, string> values)
    {
        if (values.TryGetValue(parameter.Name, out var known))
        {
            return known;
        }

        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? string.Empty).ToList();
        return constraints.Any(c => c is "int" or "long" or "decimal" or "double" or "float" || c.StartsWith("range", StringComparison.Ordinal) || c.StartsWith("min", StringComparison.Ordinal))
            ? "1"
            : constraints.Contains("guid") ? Guid.Empty.ToString()
            : constraints.Contains("bool") ? "true"
            : constraints.Contains("datetime") ? "2026-03-02"
            : "sample-1";
    }
}
