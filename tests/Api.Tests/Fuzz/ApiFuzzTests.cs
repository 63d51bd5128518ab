using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OrderGrains.ClientApi.Security;
using Xunit.Abstractions;

namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>
/// Thousands of seeded malformed and hostile requests to every /api/v1 endpoint, as admin (so authorization never hides
/// a handler): none may get a 5xx, every 4xx is a problem with a stable code, and stock and orders stay consistent.
/// Set ORDERGRAINS_FUZZ_SEED to explore other seeds; a failure report names the seed and each offending request.
/// </summary>
public sealed class ApiFuzzTests(FuzzTestHost fixture, ITestOutputHelper output) : IClassFixture<FuzzTestHost>
{
    private const int Cases = 3_000;
    private const string UnknownVersion = "HTTP/9.9";
    private const int Parallelism = 8;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("ORDERGRAINS_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 20_261_122;

    [Fact]
    public async Task Hostile_requests_to_every_endpoint_get_4xx_problems_never_5xx_and_leave_stock_and_orders_consistent()
    {
        var host = fixture.Host;
        var endpoints = FuzzEndpoint.Discover(host);
        Assert.True(endpoints.Count >= 3, $"Only {endpoints.Count} /api/v1 endpoints found.");

        using var client = host.Client(ApiRoles.Admin, subject: "fuzz-admin");
        client.Timeout = TimeSpan.FromSeconds(30);
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var perEndpoint = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var sent = 0;
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, Cases), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (index, _) =>
        {
            if (clock.Elapsed > Budget)
            {
                return;
            }

            var target = endpoints[index % endpoints.Count];
            var fuzz = new FuzzRequestGenerator(Seed, host, fixture.Ids, FuzzTestHost.MaxBodyBytes).Next(index, target);
            Interlocked.Increment(ref sent);
            perEndpoint.AddOrUpdate(target.ToString(), 1, (_, n) => n + 1);
            var problem = await SendAsync(client, fuzz, statuses);
            if (problem is not null)
            {
                failures.Enqueue($"{problem}\n    {fuzz.Describe()}");
            }
        });

        output.WriteLine($"seed {Seed}: {sent} requests to {endpoints.Count} endpoints in {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(endpoints.All(e => perEndpoint.ContainsKey(e.ToString())), "Not every endpoint was fuzzed within the time budget.");
        Assert.True(sent >= Math.Min(Cases, endpoints.Count * 10), $"Only {sent} requests fit in the time budget.");
        var report = failures.ToList();
        if (report.Count > 0)
        {
            report.InsertRange(0, fixture.ServerErrors.Summary(15).Select(e => "server log: " + e));
        }

        AssertNone("requests answered badly", report);

        AssertNone("invariants broken after the fuzz run", await FuzzInvariants.CheckAsync(host, fixture.Ids));
    }

    [Fact]
    public async Task Protocol_level_garbage_never_gets_a_5xx_and_the_server_keeps_serving()
    {
        var host = fixture.Host;
        var token = DevTokens.Issue(host.Auth, "fuzz-raw", ApiRoles.Admin, null);
        var order = fixture.Ids.Orders[0];
        const string json = "{\"reason\":\"fuzz\"}";
        string Request(string head, string body = json) =>
            $"{head}\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        var post = $"POST /api/v1/orders/{order}/cancel HTTP/1.1";

        var cases = new List<(string Name, byte[] Bytes, bool HalfClose)>
        {
            ("CRLF-injected header", Utf8($"{post}\r\nIdempotency-Key: a\r\nX-Injected: yes\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"), false),
            ("bare LF in a header value", Utf8(Request($"{post}\r\nIdempotency-Key: a\nX-Injected: yes")), false),
            ("bare CR in a header value", Utf8(Request($"{post}\r\nIdempotency-Key: a\rX-Injected: yes")), false),
            ("NUL in a header value", Utf8(Request($"{post}\r\nIdempotency-Key: a\0b")), false),
            ("UTF-8 header value", Utf8(Request($"{post}\r\nIdempotency-Key: ключ-🔑")), false),
            ("bad UTF-8 header value", [.. Utf8($"{post}\r\nIdempotency-Key: "), 0xFF, 0xFE, 0xC0, .. Utf8($"\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}")], false),
            ("bad UTF-8 percent-encoded in the path", Utf8(Request($"GET /api/v1/orders/%FF%FE%C0%AF HTTP/1.1", "")), false),
            ("raw bad UTF-8 in the path", [.. Utf8("GET /api/v1/orders/"), 0xFF, 0xC3, 0x28, .. Utf8(Request(" HTTP/1.1", ""))], false),
            ("overlong dot-dot in the path", Utf8(Request("GET /api/v1/orders/%C0%AE%C0%AE%2F%C0%AE%C0%AE%2Fetc%2Fpasswd HTTP/1.1", "")), false),
            ("path traversal", Utf8(Request("GET /api/v1/../../../../etc/passwd HTTP/1.1", "")), false),
            ("Content-Length longer than the body", Utf8($"{post}\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"reason\":"), true),
            ("negative Content-Length", Utf8($"{post}\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: -5\r\nConnection: close\r\n\r\n{{}}"), false),
            ("two Content-Lengths", Utf8($"{post}\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{{}}"), false),
            ("bad chunk size", Utf8($"{post}\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n"), false),
            ("chunked and Content-Length (smuggling)", Utf8($"{post}\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{{}}\r\n0\r\n\r\nGET /api/v1/orders HTTP/1.1\r\nHost: x\r\n\r\n"), false),
            ("chunked body cut short", Utf8($"{post}\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{{\"rea"), true),
            ("header name with a space", Utf8(Request($"{post}\r\nBad Header: x")), false),
            ("20 KB header", Utf8(Request($"{post}\r\nX-Big: {new string('b', 20_000)}")), false),
            ("40 KB request line", Utf8(Request($"GET /api/v1/orders/{new string('o', 40_000)} HTTP/1.1", "")), false),
            (UnknownVersion, Utf8(Request("GET /api/v1/orders HTTP/9.9", "")), false),
            ("method only", Utf8("GET\r\n\r\n"), false),
            ("absolute-form target", Utf8(Request("GET http://evil.example/api/v1/orders HTTP/1.1", "")), false),
            ("bogus method", Utf8(Request("FROB /api/v1/orders HTTP/1.1", "")), false),
            ("garbage bearer token", Utf8($"{post}\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ' OR 1=1 --.<script>.x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"), false),
            ("alg none token", Utf8($"{post}\r\nHost: 127.0.0.1\r\nAuthorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"), false),
            ("JSON body with bad UTF-8", [.. Utf8($"{post}\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 16\r\nConnection: close\r\n\r\n{{\"reason\":\""), 0xFF, 0xFE, 0xFD, .. Utf8("\"}")], false),
        };

        var failures = new List<string>();
        foreach (var (name, bytes, halfClose) in cases)
        {
            var (status, head) = await RawHttp.SendAsync(host.BaseAddress, bytes, halfClose, TimeSpan.FromSeconds(15));
            output.WriteLine($"{name}: {status?.ToString(CultureInfo.InvariantCulture) ?? "closed"}");
            // 505 is the protocol's own answer to an unknown HTTP version, given by Kestrel before any application code.
            if (status >= 500 && !(status == 505 && name == UnknownVersion))
            {
                failures.Add($"{name}: {head}");
            }
        }

        AssertNone("protocol-level requests answered with a 5xx", failures);
        using var admin = host.Client(ApiRoles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/orders/{order}")).StatusCode);
        AssertNone("invariants broken after protocol-level garbage", await FuzzInvariants.CheckAsync(host, fixture.Ids));
    }

    /// <summary>Sends one case; returns why its answer is wrong, or null.</summary>
    private async Task<string?> SendAsync(HttpClient client, FuzzCase fuzz, ConcurrentDictionary<int, int> statuses)
    {
        try
        {
            return await SendOnceAsync(client, fuzz, statuses);
        }
        catch (HttpRequestException) when (fuzz.Body is { } body && body.Length > FuzzTestHost.MaxBodyBytes)
        {
            // The server may refuse an over-limit upload and close before the client finishes sending it.
            return null;
        }
        catch (HttpRequestException first)
        {
            // A pooled connection the server had just closed fails on send: one retry on a fresh one tells that apart.
            try
            {
                return await SendOnceAsync(client, fuzz, statuses);
            }
            catch (HttpRequestException second)
            {
                return $"transport error twice: {first.InnerException?.Message ?? first.Message} / {second.InnerException?.Message ?? second.Message}";
            }
        }
        catch (TaskCanceledException)
        {
            return "no answer within 30 s";
        }
    }

    private async Task<string?> SendOnceAsync(HttpClient client, FuzzCase fuzz, ConcurrentDictionary<int, int> statuses)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.PathAndQuery);
        foreach (var (name, value) in fuzz.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            if (fuzz.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
            }
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (status >= 500)
        {
            return $"{status}: {await ReadBoundedAsync(response)}";
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (status >= 400)
        {
            var text = await ReadBoundedAsync(response);
            return ProblemCode(text) is null ? $"{status} without a problem body with a code ({mediaType}): {text}" : null;
        }

        if (mediaType.Contains("json", StringComparison.Ordinal))
        {
            CollectOrderIds(await ReadBoundedAsync(response));
        }

        if (response.Headers.Location?.OriginalString is { } location && location.Contains("/orders/", StringComparison.Ordinal))
        {
            fixture.Ids.SeenOrders.TryAdd(Uri.UnescapeDataString(location[(location.LastIndexOf('/') + 1)..]), 0);
        }

        return null;
    }

    private void CollectOrderIds(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            Collect(document.RootElement, 0);
        }
        catch (JsonException)
        {
            // Not JSON after all (e.g. truncated by the bound): nothing to collect.
        }

        void Collect(JsonElement element, int depth)
        {
            if (depth > 3)
            {
                return;
            }

            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, depth + 1);
                }
            }
            else if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("orderId") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        fixture.Ids.SeenOrders.TryAdd(property.Value.GetString()!, 0);
                    }
                    else if (property.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                    {
                        Collect(property.Value, depth + 1);
                    }
                }
            }
        }
    }

    private static string? ProblemCode(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response)
    {
        var buffer = new byte[256 * 1024];
        await using var stream = await response.Content.ReadAsStreamAsync();
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total))) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static void AssertNone(string what, List<string> problems)
    {
        if (problems.Count > 0)
        {
            Assert.Fail($"seed {Seed}: {problems.Count} {what}:\n" + string.Join("\n", problems.Take(60)) + (problems.Count > 60 ? $"\n… and {problems.Count - 60} more" : string.Empty));
        }
    }
}
