using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace OrderGrains.Dashboard.Http;

/// <summary>The page's files, embedded in the assembly and served as they are (no bundler, no CDN).</summary>
internal static class StaticAssets
{
    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> s_files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal)
    {
        ["index.html"] = (Load("index.html"), "text/html; charset=utf-8"),
        ["app.js"] = (Load("app.js"), "text/javascript; charset=utf-8"),
        ["charts.js"] = (Load("charts.js"), "text/javascript; charset=utf-8"),
        ["app.css"] = (Load("app.css"), "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IResult Serve(string name, HttpContext http, string basePath)
    {
        if (!s_files.TryGetValue(name, out var file))
        {
            return DashboardProblems.NotFound("dashboard.not-found", $"The dashboard has no file '{name}'.");
        }

        // The page names its files and endpoints from where it is mounted.
        var content = name == "index.html"
            ? System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(file.Content).Replace("{{base}}", System.Net.WebUtility.HtmlEncode(basePath), StringComparison.Ordinal))
            : file.Content;

        // Only this origin's own files may run on the page; the data comes from the same origin's JSON endpoints.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(content, file.ContentType);
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream("OrderGrains.Dashboard.wwwroot." + name)
            ?? throw new InvalidOperationException($"Dashboard resource {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
