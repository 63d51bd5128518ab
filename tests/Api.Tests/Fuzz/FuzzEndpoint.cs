using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.ClientApi;

namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>One method of one /api/v1 endpoint as the application maps it, with the type its JSON body binds to.</summary>
public sealed record FuzzEndpoint(string Method, RoutePattern Pattern, Type? BodyType)
{
    public string Route => Pattern.RawText ?? string.Empty;

    public IEnumerable<string> Parameters => Pattern.Parameters.Select(p => p.Name);

    public override string ToString() => $"{Method} {Route}";

    /// <summary>Every /api/v1 endpoint in the host's endpoint data source.</summary>
    public static IReadOnlyList<FuzzEndpoint> Discover(ApiHost host)
    {
        var source = host.App.Services.GetRequiredService<EndpointDataSource>();
        return
        [
            .. source.Endpoints.OfType<RouteEndpoint>()
                .Where(e => IsV1(e.RoutePattern.RawText))
                .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                    .Select(m => new FuzzEndpoint(m, e.RoutePattern, e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType)))
                .OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal),
        ];
    }

    /// <summary>The path with each route parameter replaced by its (escaped) value.</summary>
    public string Path(Func<string, string> valueOf) =>
        "/" + string.Join('/', Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => Uri.EscapeDataString(valueOf(parameter.Name)),
            _ => string.Empty,
        }))));

    internal static bool IsV1(string? route) =>
        route is not null && (route.Equals(ApiHostingExtensions.V1, StringComparison.OrdinalIgnoreCase)
            || route.StartsWith(ApiHostingExtensions.V1 + "/", StringComparison.OrdinalIgnoreCase));
}
