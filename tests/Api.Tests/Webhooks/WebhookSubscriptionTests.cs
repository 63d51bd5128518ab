using System.Net;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Security;
using OrderGrains.Interfaces.Webhooks;

namespace OrderGrains.Api.Tests.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class WebhookSubscriptionTests(WebhookTestHost fixture)
{
    [Fact]
    public async Task Created_subscription_returns_its_secret_once_and_is_listed_without_it()
    {
        using var admin = fixture.Admin();
        using var created = await admin.PostJsonAsync("/api/v1/webhooks",
            new CreateWebhookRequest("http://127.0.0.1:9/hooks", [WebhookEventTypes.PromiseAtRisk, WebhookEventTypes.OrderStatusChanged], "ops pager"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = await created.ReadAsync<CreatedWebhookResponse>();
        Assert.StartsWith("wh_", subscription.Id, StringComparison.Ordinal);
        Assert.StartsWith("whsec_", subscription.Secret, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/webhooks/{subscription.Id}", created.Headers.Location?.ToString());

        using var read = await admin.GetAsync(created.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var text = await read.Content.ReadAsStringAsync();
        Assert.DoesNotContain(subscription.Secret, text, StringComparison.Ordinal);
        var details = await read.ReadAsync<WebhookDetailsResponse>();
        Assert.Equal([WebhookEventTypes.OrderStatusChanged, WebhookEventTypes.PromiseAtRisk], details.EventTypes);
        Assert.Equal(WebhookCircuitState.Closed, details.Health.Circuit);
        Assert.Equal(0, details.Health.Pending);

        using var list = await admin.GetAsync("/api/v1/webhooks");
        var listText = await list.Content.ReadAsStringAsync();
        Assert.Contains(subscription.Id, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(subscription.Secret, listText, StringComparison.Ordinal);

        using var deleted = await admin.DeleteAsync($"/api/v1/webhooks/{subscription.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await admin.GetAsync($"/api/v1/webhooks/{subscription.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("webhook.not-found", await gone.ProblemCodeAsync());
        using var deletedAgain = await admin.DeleteAsync($"/api/v1/webhooks/{subscription.Id}");
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
    }

    [Fact]
    public async Task Create_with_the_same_idempotency_key_returns_the_first_subscription_and_another_body_conflicts()
    {
        using var admin = fixture.Admin();
        var request = new CreateWebhookRequest("http://127.0.0.1:9/idempotent", [WebhookEventTypes.OrderRerouted]);
        using var first = await admin.PostJsonAsync("/api/v1/webhooks", request, "hook-key-1");
        using var again = await admin.PostJsonAsync("/api/v1/webhooks", request, "hook-key-1");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var a = await first.ReadAsync<CreatedWebhookResponse>();
        var b = await again.ReadAsync<CreatedWebhookResponse>();
        Assert.Equal((a.Id, a.Secret), (b.Id, b.Secret));

        using var other = await admin.PostJsonAsync("/api/v1/webhooks", request with { Url = "http://127.0.0.1:9/other" }, "hook-key-1");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("webhook.idempotency-conflict", await other.ProblemCodeAsync());
        using var cleanup = await admin.DeleteAsync($"/api/v1/webhooks/{a.Id}");
    }

    [Fact]
    public async Task Invalid_subscriptions_are_rejected_with_the_invalid_fields()
    {
        using var admin = fixture.Admin();
        using var response = await admin.PostJsonAsync("/api/v1/webhooks", new CreateWebhookRequest("/relative", ["order.exploded"], new string('x', 201)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.invalid", await response.ProblemCodeAsync());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"url\"", text, StringComparison.Ordinal);
        Assert.Contains("eventTypes[0]", text, StringComparison.Ordinal);
        Assert.Contains("\"description\"", text, StringComparison.Ordinal);

        using var empty = await admin.PostJsonAsync("/api/v1/webhooks", new CreateWebhookRequest("ftp://example.com/x", []));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        using var limit = await admin.GetAsync("/api/v1/webhooks/dead-letters?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
    }

    [Fact]
    public async Task Unknown_subscriptions_and_deliveries_are_not_found()
    {
        using var admin = fixture.Admin();
        foreach (var path in new[] { "/api/v1/webhooks/wh_0123456789abcdef0123", "/api/v1/webhooks/not-an-id/deliveries", "/api/v1/webhooks/dead-letters?subscriptionId=wh_00" })
        {
            using var response = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("webhook.not-found", await response.ProblemCodeAsync());
        }

        using var replay = await admin.PostAsync("/api/v1/webhooks/dead-letters/wh_0123456789abcdef0123.evt_00112233445566778899aabb/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        Assert.Equal("webhook.delivery.not-found", await replay.ProblemCodeAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_webhook_endpoints()
    {
        using var anonymous = fixture.Host.Anonymous();
        var document = await anonymous.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/webhooks", "/api/v1/webhooks/{subscriptionId}/deliveries", "/api/v1/webhooks/dead-letters", "/api/v1/webhooks/dead-letters/{deliveryId}/replay", "/api/v1/webhooks/dead-letters/replay" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(ApiRoles.Operations)]
    [InlineData(ApiRoles.Channel)]
    [InlineData(ApiRoles.Viewer)]
    public async Task Only_admins_manage_webhooks(string role)
    {
        using var client = fixture.Host.Client(role);
        using var list = await client.GetAsync("/api/v1/webhooks");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using var create = await client.PostJsonAsync("/api/v1/webhooks", new CreateWebhookRequest("http://127.0.0.1:9/x", [WebhookEventTypes.OrderRerouted]));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        using var replay = await client.PostAsync("/api/v1/webhooks/dead-letters/replay", null);
        Assert.Equal(HttpStatusCode.Forbidden, replay.StatusCode);
    }
}

/// <summary>On the default settings (as in production) loopback and private targets are refused.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookUrlPolicyApiTests(ApiHost host)
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("https://user:pass@example.com/hook")]
    public async Task Private_or_credentialed_urls_are_refused(string url)
    {
        using var admin = host.Client(ApiRoles.Admin);
        using var response = await admin.PostJsonAsync("/api/v1/webhooks", new CreateWebhookRequest(url, [WebhookEventTypes.OrderStatusChanged]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("webhook.url-not-allowed", await response.ProblemCodeAsync());
    }
}
