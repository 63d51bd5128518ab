using System.Globalization;
using Microsoft.Playwright;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser (the Debian chromium, headless) against a two-silo cluster with the API tier:
/// sign in, see both silos and their partitions, watch counters and the orders-by-status chart move as orders are
/// placed through the API, open an order's timeline, take a warehouse offline from the page and see reroutes rise.
/// Screenshots go to the test output directory (screenshots/).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardCluster cluster) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string s_screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install the Debian chromium package (.ci/run does).");
        Directory.CreateDirectory(s_screenshots);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task Operator_watches_the_cluster_and_orders_and_takes_a_warehouse_offline_from_the_page()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        // Sign in with an operations token.
        await page.GotoAsync(new Uri(cluster.Silo1, "/dashboard").ToString());
        await page.Locator("#login").WaitForAsync();
        await page.FillAsync("#credential", cluster.Token(ApiRoles.Operations));
        await page.ClickAsync("#login-button");
        await page.Locator("#live-state[data-state='live']").WaitForAsync();

        // Both silos up, each owning half of the 256 partitions.
        foreach (var name in new[] { "silo-1", "silo-2" })
        {
            await page.Locator($"#silos tr[data-silo='{name}'][data-status='up'][data-partitions='128']").WaitForAsync();
            await page.Locator($"#partition-legend [data-silo-partitions='{name}'][data-count='128']").WaitForAsync();
        }

        Assert.Equal(256, await page.Locator("#partition-map rect").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, "1-cluster.png"), FullPage = true });

        // Orders placed through the API show in the counters and the orders-by-status chart.
        await page.ClickAsync("nav button[data-tab='business']");
        await page.Locator("#warehouses tr[data-warehouse]").First.WaitForAsync();
        var ordersBefore = await NumberAsync(page, "#kpi-orders-total");
        var placed = new List<(string OrderId, string? Warehouse)>();
        for (var i = 0; i < 4; i++)
        {
            var order = await cluster.PlaceOrderAsync(customer: i, sku: 10 + i);
            var shipments = order.GetProperty("shipments");
            placed.Add((order.GetProperty("orderId").GetString()!, shipments.GetArrayLength() > 0 ? shipments[0].GetProperty("warehouseId").GetString() : null));
        }

        await page.WaitForFunctionAsync(
            "n => Number(document.querySelector('#kpi-orders-total').dataset.value) >= n",
            ordersBefore + placed.Count);
        await page.WaitForFunctionAsync(
            "n => [...document.querySelectorAll('#orders-by-status g[data-status]')].reduce((s, g) => s + Number(g.dataset.count), 0) >= n",
            ordersBefore + placed.Count);
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#kpi-orders-per-min').dataset.value) > 0");
        Assert.Equal("0", await page.GetAttributeAsync("#kpi-oversold", "data-value"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, "2-business.png"), FullPage = true });

        // An order's timeline by id.
        await page.FillAsync("#timeline-order", placed[0].OrderId);
        await page.ClickAsync("#timeline-show");
        await page.Locator("#timeline li[data-type='OrderPlaced']").WaitForAsync();
        await page.Locator("#timeline li[data-type='Allocated']").WaitForAsync();

        // Taking the warehouse of an open shipment offline reroutes it: the reroute counter rises.
        var warehouse = placed.Select(p => p.Warehouse).First(w => w is not null)!;
        var reroutesBefore = await NumberAsync(page, "#kpi-reroutes");
        await page.ClickAsync($"#warehouses tr[data-warehouse='{warehouse}'] button.toggle-status");
        await page.Locator($"#warehouses tr[data-warehouse='{warehouse}'][data-status='Offline']").WaitForAsync();
        await page.WaitForFunctionAsync("n => Number(document.querySelector('#kpi-reroutes').dataset.value) > n", reroutesBefore);
        Assert.Equal("0", await page.GetAttributeAsync("#kpi-oversold", "data-value"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, "3-warehouse-offline.png"), FullPage = true });

        // A grain's state and where it is active.
        await page.ClickAsync("nav button[data-tab='grains']");
        await page.FillAsync("#grain-type", "order");
        await page.FillAsync("#grain-key", placed[0].OrderId);
        await page.ClickAsync("#grain-search");
        var silo = await page.Locator("#grain-info dd[data-fact='silo']").TextContentAsync();
        Assert.Contains(silo, new[] { "silo-1", "silo-2" });
        Assert.Matches("\"records\": [1-9]", await page.Locator("#grain-state").TextContentAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, "4-grain.png"), FullPage = true });

        // The log stream shows what the other silo logs, and the level filter hides what is below it.
        await page.ClickAsync("nav button[data-tab='logs']");
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        cluster.LogMarker(1, marker);
        var entry = page.Locator("#logs li[data-level='Warning']", new PageLocatorOptions { HasTextString = marker });
        await entry.WaitForAsync();
        Assert.Contains("silo-2", await entry.Locator(".category").TextContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, "5-logs.png"), FullPage = true });
        await page.SelectOptionAsync("#log-level", "Error");
        await entry.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        // Put the warehouse back for the other tests of the collection.
        await page.ClickAsync("nav button[data-tab='business']");
        await page.ClickAsync($"#warehouses tr[data-warehouse='{warehouse}'] button.toggle-status");
        await page.Locator($"#warehouses tr[data-warehouse='{warehouse}'][data-status='Online']").WaitForAsync();

        Assert.Empty(pageErrors);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Operator_diffs_activates_and_rolls_back_rule_set_versions_and_runs_a_sandbox_from_the_page()
    {
        using var ops = DashboardCluster.Client(cluster.Tier, cluster.Token(ApiRoles.Operations));
        var before = await RulesOverviewAsync(ops);
        var active = before.GetProperty("activeVersion").GetInt32();

        // A second version through the API: holds every order (harmless here: it is active only between two clicks).
        var ruleSet = """
            { "name": "dash-hold-all", "groups": [ { "name": "g", "mode": "allMatch", "rules": [
              { "name": "hold-everything", "when": { "type": "orderSize", "minUnits": 1 }, "then": [ { "type": "hold", "reason": "dashboard test" } ] } ] } ] }
            """;
        using var created = await ops.PostAsync("/api/v1/rules/versions?comment=dashboard%20test", new StringContent(ruleSet, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var candidate = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("summary").GetProperty("versionId").GetInt32();
        using var validated = await ops.PostAsync($"/api/v1/rules/versions/{candidate}/validate", null);
        Assert.True(validated.IsSuccessStatusCode, await validated.Content.ReadAsStringAsync());

        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1100 } });
        try
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(15_000);
            var pageErrors = new List<string>();
            page.PageError += (_, error) => pageErrors.Add(error);
            await page.GotoAsync(new Uri(cluster.Silo1, "/dashboard").ToString());
            await page.FillAsync("#credential", cluster.Token(ApiRoles.Operations));
            await page.ClickAsync("#login-button");
            await page.ClickAsync("nav button[data-tab='rules']");

            // The active version, and the new one validated with its author's comment.
            await page.Locator($"#rules-active[data-version='{active}']").WaitForAsync();
            await page.Locator($"#rule-versions tr[data-version='{active}'][data-status='active']").WaitForAsync();
            var row = page.Locator($"#rule-versions tr[data-version='{candidate}'][data-status='validated']");
            Assert.Contains("dashboard test", await row.TextContentAsync(), StringComparison.Ordinal);

            // The diff between the active version and the candidate.
            await page.SelectOptionAsync("#diff-from", active.ToString(CultureInfo.InvariantCulture));
            await page.SelectOptionAsync("#diff-to", candidate.ToString(CultureInfo.InvariantCulture));
            await page.ClickAsync("#diff-show");
            await page.Locator("#diff li[data-kind='added'][data-path='g/hold-everything']").WaitForAsync();

            // A small sandbox run of the candidate: progress, then the KPI table side by side and the changed orders.
            await page.SelectOptionAsync("#sandbox-candidate", candidate.ToString(CultureInfo.InvariantCulture));
            await page.FillAsync("#sandbox-orders", "300");
            await page.FillAsync("#sandbox-hot", "5");
            await page.ClickAsync("#sandbox-start");
            await page.Locator("#sandbox-progress[data-state='completed']").WaitForAsync();
            await page.Locator("#sandbox-kpis tr[data-kpi='held'] td.candidate").WaitForAsync();
            Assert.Equal("0", await page.Locator("#sandbox-kpis tr[data-kpi='held'] td.baseline").TextContentAsync());
            Assert.NotEqual("0", await page.Locator("#sandbox-kpis tr[data-kpi='held'] td.candidate").TextContentAsync());
            Assert.True(await page.Locator("#sandbox-changes tbody tr").CountAsync() > 0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, "6-rules-diff-sandbox.png"), FullPage = true });

            // Activate the candidate from the page, then roll back to the version that was active.
            await page.FillAsync("#rules-comment", "try the candidate");
            await row.Locator("button.activate").ClickAsync();
            await page.Locator($"#rules-active[data-version='{candidate}']").WaitForAsync();
            await page.Locator($"#rule-versions tr[data-version='{active}'][data-status='retired']").WaitForAsync();
            Assert.Equal(candidate, (await RulesOverviewAsync(ops)).GetProperty("activeVersion").GetInt32());

            await page.Locator($"#rule-versions tr[data-version='{active}'] button.rollback").ClickAsync();
            await page.Locator($"#rules-active[data-version='{active}']").WaitForAsync();
            await page.Locator("#rules-history li[data-action]").First.WaitForAsync();
            Assert.Equal(active, (await RulesOverviewAsync(ops)).GetProperty("activeVersion").GetInt32());
            Assert.Equal(string.Empty, await page.Locator("#rules-error").TextContentAsync());

            // A canary of the candidate for 10% of customers, then cleared.
            await page.SelectOptionAsync("#canary-version", candidate.ToString(CultureInfo.InvariantCulture));
            await page.FillAsync("#canary-percent", "10");
            await page.ClickAsync("#canary-set");
            await page.Locator($"#rules-canary[data-version='{candidate}'][data-percent='10']").WaitForAsync();
            await page.ClickAsync("#canary-clear");
            await page.Locator("#rules-canary[data-version='']").WaitForAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, "7-rules-rolled-back.png"), FullPage = true });

            // A viewer reads the versions but the change buttons are disabled.
            await page.ClickAsync("#logout");
            await page.FillAsync("#credential", cluster.Token(ApiRoles.Viewer));
            await page.ClickAsync("#login-button");
            await page.ClickAsync("nav button[data-tab='rules']");
            await page.Locator($"#rules-active[data-version='{active}']").WaitForAsync();

            // The tables are drawn again for the viewer after the login; wait for that instead of reading the old ones.
            await page.Locator($"#rule-versions tr[data-version='{candidate}'] button.rollback:disabled").WaitForAsync();
            await page.Locator("#sandbox-start:disabled").WaitForAsync();
            Assert.Empty(pageErrors);
        }
        finally
        {
            await context.CloseAsync();
            using var noCanary = await ops.DeleteAsync("/api/v1/rules/canary");
            if ((await RulesOverviewAsync(ops)).GetProperty("activeVersion").GetInt32() != active)
            {
                using var restored = await ops.PostAsync("/api/v1/rules/rollback", System.Net.Http.Json.JsonContent.Create(new { version = active }));
            }
        }
    }

    private static async Task<System.Text.Json.JsonElement> RulesOverviewAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/rules");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<long> NumberAsync(IPage page, string selector)
    {
        var value = await page.GetAttributeAsync(selector, "data-value");
        return string.IsNullOrEmpty(value) ? 0 : long.Parse(value, CultureInfo.InvariantCulture);
    }
}
