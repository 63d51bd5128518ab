using System.Net.Http.Json;
using System.Text;

namespace OrderGrains.Api.Tests.Inventory;

/// <summary>Requests and waits shared by the inventory, warehouse and customer tests.</summary>
public static class ReferenceDataTestKit
{
    /// <summary>Sends a raw JSON body (possibly malformed on purpose).</summary>
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string json) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    /// <summary>PUTs <paramref name="body"/> as JSON.</summary>
    public static Task<HttpResponseMessage> PutJsonAsync<T>(this HttpClient client, string path, T body) =>
        client.PutAsJsonAsync(path, body, ApiTestData.Json);

    /// <summary>Reads <paramref name="path"/> until <paramref name="done"/> holds (eventually consistent views), failing after 10 s.</summary>
    public static async Task<T> PollAsync<T>(this HttpClient client, string path, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var response = await client.GetAsync(path);
            if (response.IsSuccessStatusCode)
            {
                var value = await response.ReadAsync<T>();
                if (done(value))
                {
                    return value;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"GET {path} did not reach the expected state in time (last: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}).");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The names of the invalid fields of a validation problem.</summary>
    public static async Task<IReadOnlyCollection<string>> InvalidFieldsAsync(this HttpResponseMessage response)
    {
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];
    }
}
