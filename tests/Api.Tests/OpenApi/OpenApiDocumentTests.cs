using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Api.Tests.Fuzz;

namespace OrderGrains.Api.Tests.OpenApi;

/// <summary>The OpenAPI document describes every endpoint the application maps, with its security, and the docs page shows it.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiHost host)
{
    private const string DocumentPath = "/openapi/v1.json";

    [Fact]
    public async Task The_document_is_served_as_JSON_without_credentials()
    {
        using var anonymous = host.Anonymous();
        using var response = await anonymous.GetAsync(DocumentPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("info").GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Every_v1_endpoint_of_the_endpoint_data_source_is_in_the_document()
    {
        using var document = await DocumentAsync();
        var paths = document.RootElement.GetProperty("paths");
        var documented = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {Normalize(p.Name)}"))
            .ToHashSet(StringComparer.Ordinal);

        var mapped = Mapped().ToList();
        Assert.True(mapped.Count >= 10, $"Only {mapped.Count} endpoints mapped under /api/v1.");
        var missing = mapped.Where(e => !documented.Contains(e)).ToList();
        Assert.True(missing.Count == 0, "Not in the OpenAPI document:\n" + string.Join("\n", missing));

        var extra = documented.Where(d => d.Contains(" /api/v1", StringComparison.Ordinal) && !mapped.Contains(d)).ToList();
        Assert.True(extra.Count == 0, "Documented but not mapped:\n" + string.Join("\n", extra));
    }

    [Fact]
    public async Task The_document_declares_bearer_and_API_key_schemes_and_every_protected_operation_accepts_either()
    {
        using var document = await DocumentAsync();
        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        var bearer = schemes.GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.Equal("JWT", bearer.GetProperty("bearerFormat").GetString());
        var apiKey = schemes.GetProperty("ApiKey");
        Assert.Equal("apiKey", apiKey.GetProperty("type").GetString());
        Assert.Equal("header", apiKey.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", apiKey.GetProperty("name").GetString());

        var unprotected = new List<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject().Where(p => FuzzEndpoint.IsV1(p.Name)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                var requirements = operation.Value.TryGetProperty("security", out var security)
                    ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToHashSet(StringComparer.Ordinal)
                    : [];
                var responses = operation.Value.GetProperty("responses");
                if (!requirements.SetEquals(["Bearer", "ApiKey"]) || !responses.TryGetProperty("401", out _) || !responses.TryGetProperty("403", out _))
                {
                    unprotected.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
                }
            }
        }

        Assert.True(unprotected.Count == 0, "Operations without the Bearer/ApiKey requirement or 401/403 responses:\n" + string.Join("\n", unprotected));
    }

    [Fact]
    public async Task The_channel_order_operation_states_that_unknown_fields_are_ignored()
    {
        using var document = await DocumentAsync();
        var operation = document.RootElement.GetProperty("paths").GetProperty("/api/v1/channels/{channelId}/orders").GetProperty("post");
        Assert.Contains("ignored", operation.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("Channels", operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task The_docs_page_is_an_interactive_UI_over_the_document()
    {
        using var anonymous = host.Anonymous();
        using var page = await anonymous.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("swagger-ui", html, StringComparison.Ordinal);

        // The page names the document in its inline configuration or in the script it loads next to it.
        var configuration = html;
        if (!html.Contains(DocumentPath, StringComparison.Ordinal))
        {
            using var script = await anonymous.GetAsync(new Uri(page.RequestMessage!.RequestUri!, "index.js"));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            configuration = await script.Content.ReadAsStringAsync();
        }

        Assert.Contains(DocumentPath, configuration, StringComparison.Ordinal);
        using var bundle = await anonymous.GetAsync(new Uri(page.RequestMessage!.RequestUri!, "swagger-ui-bundle.js"));
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
    }

    private async Task<JsonDocument> DocumentAsync()
    {
        using var anonymous = host.Anonymous();
        return JsonDocument.Parse(await anonymous.GetStringAsync(DocumentPath));
    }

    /// <summary>"METHOD /path/{param}" for every /api/v1 endpoint that is not excluded from the description.</summary>
    private IEnumerable<string> Mapped() =>
        host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => FuzzEndpoint.IsV1(e.RoutePattern.RawText))
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {Normalize(e.RoutePattern)}"))
            .Distinct(StringComparer.Ordinal);

    private static string Normalize(RoutePattern pattern) =>
        Normalize("/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => string.Empty,
        })))));

    // The document and the route table may differ in a trailing slash ("/orders/" for MapPost("/") in a group).
    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
