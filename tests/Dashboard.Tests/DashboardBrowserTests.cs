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
        Assert.Contains(placed[0].OrderId, await page.Locator("#grain-state").TextContentAsync(), StringComparison.Ordinal);
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

    private static async Task<long> NumberAsync(IPage page, string selector)
    {
        var value = await page.GetAttributeAsync(selector, "data-value");
        return string.IsNullOrEmpty(value) ? 0 : long.Parse(value, CultureInfo.InvariantCulture);
    }
}
