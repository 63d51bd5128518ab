using OrderGrains.Interfaces.Customers;
using OrderGrains.Interfaces.Inventory;
using OrderGrains.Interfaces.Warehouses;

namespace OrderGrains.Grains.DemoData;

/// <summary>
/// Generates a realistic, deterministic reference network: the same seed (and sizes) always gives the same network.
/// Dates are relative to a fixed <c>today</c> (2026-03-02 unless given), never to the clock.
/// </summary>
public static class DemoNetworkGenerator
{
    private const string TimeZone = "Asia/Shanghai";

    private static readonly (string Id, DemoCity City, int Capacity, int CutOffHour)[] Sites =
    [
        ("WH-BJ", DemoCities.Beijing, 18_000, 18),
        ("WH-CD", DemoCities.Chengdu, 10_000, 17),
        ("WH-GZ", DemoCities.Guangzhou, 20_000, 19),
        ("WH-HZ", DemoCities.Hangzhou, 12_000, 18),
        ("WH-SH", DemoCities.Shanghai, 24_000, 20),
        ("WH-SY", DemoCities.Shenyang, 6_000, 16),
        ("WH-SZ", DemoCities.Shenzhen, 16_000, 19),
        ("WH-WH", DemoCities.Wuhan, 10_000, 18),
        ("WH-XA", DemoCities.Xian, 8_000, 17),
        ("WH-ZZ", DemoCities.Zhengzhou, 9_000, 17),
    ];

    private static readonly (string Carrier, ShippingSpeed Service, double Days, double RangeKm, decimal Base, decimal PerKg, double Co2)[] LaneTemplates =
    [
        ("SF Express", ShippingSpeed.Standard, 2, 1500, 12m, 2.0m, 0.00030),
        ("SF Express", ShippingSpeed.Express, 1, 1200, 18m, 4.0m, 0.00060),
        ("SF Express", ShippingSpeed.Priority, 0.5, 2500, 38m, 8.0m, 0.00120),
        ("JD Logistics", ShippingSpeed.Standard, 2, 1000, 10m, 1.5m, 0.00025),
        ("JD Logistics", ShippingSpeed.Express, 1, 800, 15m, 3.0m, 0.00050),
        ("ZTO", ShippingSpeed.Standard, 3, 1500, 6m, 1.0m, 0.00020),
        ("YTO", ShippingSpeed.Standard, 3, 1800, 5.5m, 1.2m, 0.00020),
    ];

    private static readonly (string Category, string[] Nouns, double MinKg, double MaxKg, decimal MinPrice, decimal MaxPrice)[] Categories =
    [
        ("Electronics", ["Earbuds", "Power Bank", "Smart Watch", "Phone Case", "USB-C Cable", "Tablet"], 0.05, 1.2, 29m, 3_999m),
        ("Home", ["Rice Cooker", "Kettle", "Pillow", "Towel Set", "Storage Box", "Desk Lamp"], 0.3, 6.0, 19m, 899m),
        ("Apparel", ["T-Shirt", "Down Jacket", "Sneakers", "Jeans", "Scarf", "Hoodie"], 0.2, 1.5, 39m, 1_299m),
        ("Beauty", ["Face Cream", "Sunscreen", "Lipstick", "Shampoo", "Serum"], 0.05, 0.8, 29m, 699m),
        ("Grocery", ["Green Tea", "Rice 5kg", "Soy Sauce", "Dried Noodles", "Walnuts"], 0.2, 5.5, 9m, 299m),
        ("Baby", ["Infant Formula", "Diapers", "Baby Wipes", "Feeding Bottle"], 0.2, 4.0, 29m, 499m),
        ("Toys", ["Building Blocks", "Plush Panda", "Puzzle", "RC Car"], 0.2, 2.5, 19m, 799m),
        ("Books", ["Novel", "Cookbook", "Atlas", "Notebook"], 0.2, 1.5, 15m, 199m),
        ("Sports", ["Yoga Mat", "Badminton Set", "Running Shoes", "Water Bottle"], 0.2, 3.0, 25m, 999m),
    ];

    private static readonly string[] Adjectives = ["Classic", "Pro", "Lite", "Premium", "Eco", "Mini", "Max", "Plus", "Air", "Essential"];

    private static readonly string[] Surnames = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo"];

    private static readonly string[] GivenNames = ["Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Yan", "Jun", "Hao", "Xin", "Ting", "Yu", "Bo", "Lin", "Hui"];

    private static readonly string[] Streets = ["Nanjing", "Renmin", "Zhongshan", "Jiefang", "Huaihai", "Changan", "Jianshe", "Heping", "Xinhua", "Binjiang"];

    /// <summary>The fixed "today" of generated dates.</summary>
    public static DateOnly DefaultToday { get; } = new(2026, 3, 2);

    /// <summary>Generates the network for <paramref name="seed"/>.</summary>
    public static DemoNetwork Generate(int seed = 42, int skus = 1000, int customers = 200, DateOnly? today = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skus);
        ArgumentOutOfRangeException.ThrowIfNegative(customers);
        var day = today ?? DefaultToday;
        var random = new Random(seed);
        var warehouses = Sites.Select(site => Warehouse(site, random)).ToArray();
        var catalogue = new DemoSku[skus];
        var stock = new List<DemoStock>(skus * 4);
        for (var i = 0; i < skus; i++)
        {
            catalogue[i] = Sku(i + 1, random);
            AddStock(catalogue[i], warehouses, random, day, stock);
        }

        var people = new DemoCustomer[customers];
        for (var i = 0; i < customers; i++)
        {
            people[i] = Customer(i + 1, random);
        }

        return new DemoNetwork(seed, day, warehouses, catalogue, stock, people);
    }

    private static WarehouseProfile Warehouse((string Id, DemoCity City, int Capacity, int CutOffHour) site, Random random)
    {
        var lanes = new List<CarrierLane>();
        foreach (var t in LaneTemplates)
        {
            // Every warehouse has SF Express; the others serve most but not all sites.
            if (t.Carrier != "SF Express" && random.NextDouble() < 0.2)
            {
                continue;
            }

            var factor = 0.9 + (random.NextDouble() * 0.2);
            lanes.Add(new CarrierLane(
                t.Carrier,
                t.Service,
                t.Days,
                Math.Round(t.RangeKm * factor),
                Math.Round(t.Base * (decimal)factor, 2),
                Math.Round(t.PerKg * (decimal)factor, 2),
                t.Co2));
        }

        return new WarehouseProfile(
            site.Id,
            $"{site.City.Name} Fulfilment Centre",
            site.City.Name,
            "CN",
            new GeoPoint(site.City.Latitude, site.City.Longitude),
            site.Capacity,
            new TimeOnly(site.CutOffHour, random.Next(2) * 30),
            TimeZone,
            lanes);
    }

    private static DemoSku Sku(int number, Random random)
    {
        var (category, nouns, minKg, maxKg, minPrice, maxPrice) = Categories[random.Next(Categories.Length)];
        var noun = nouns[random.Next(nouns.Length)];
        var flags = new List<string>();
        if (noun == "Infant Formula")
        {
            flags.Add("infant-formula");
        }

        if (random.NextDouble() < 0.04)
        {
            flags.Add("gift-wrap");
        }

        if (category is "Home" or "Beauty" && random.NextDouble() < 0.15)
        {
            flags.Add("fragile");
        }

        if (category == "Electronics" && noun is "Power Bank" or "Smart Watch" or "Tablet")
        {
            flags.Add("battery");
        }

        var weight = Math.Round(minKg + (random.NextDouble() * (maxKg - minKg)), 2);
        var price = Math.Round(minPrice + ((decimal)random.NextDouble() * (maxPrice - minPrice)), 0) - 0.01m;
        return new DemoSku($"SKU-{number:D5}", $"{Adjectives[random.Next(Adjectives.Length)]} {noun}", category, weight, Math.Max(0.99m, price), flags);
    }

    private static void AddStock(DemoSku sku, WarehouseProfile[] warehouses, Random random, DateOnly today, List<DemoStock> stock)
    {
        // Popular items are nearly everywhere, most in a few hubs, some in one place, a few scarce.
        var roll = random.NextDouble();
        var (places, minQty, maxQty) = roll switch
        {
            < 0.20 => (random.Next(7, warehouses.Length + 1), 50, 500),
            < 0.80 => (random.Next(2, 6), 10, 200),
            < 0.95 => (1, 5, 80),
            _ => (1, 0, 3),
        };

        var first = random.Next(warehouses.Length);
        for (var i = 0; i < places; i++)
        {
            var warehouse = warehouses[(first + (i * 3)) % warehouses.Length];
            if (stock.Exists(s => s.Sku == sku.Sku && s.WarehouseId == warehouse.WarehouseId))
            {
                warehouse = warehouses.First(w => !stock.Exists(s => s.Sku == sku.Sku && s.WarehouseId == w.WarehouseId));
            }

            var onHand = random.Next(minQty, maxQty + 1);
            var safety = onHand >= 100 ? random.Next(0, 6) : 0;
            InboundStock? inbound = onHand < 5 || random.NextDouble() < 0.1
                ? new InboundStock(today.AddDays(random.Next(2, 22)), random.Next(5, 50) * 10)
                : null;
            stock.Add(new DemoStock(sku.Sku, warehouse.WarehouseId, onHand, safety, inbound));
        }
    }

    private static DemoCustomer Customer(int number, Random random)
    {
        var roll = random.NextDouble();
        var tier = roll switch
        {
            < 0.05 => CustomerTier.Vip,
            < 0.18 => CustomerTier.Gold,
            < 0.40 => CustomerTier.Silver,
            _ => CustomerTier.Standard,
        };
        var speedRoll = random.NextDouble();
        var speed = speedRoll switch
        {
            < 0.10 => ShippingSpeed.Priority,
            < 0.40 => ShippingSpeed.Express,
            _ => ShippingSpeed.Standard,
        };
        var name = $"{Surnames[random.Next(Surnames.Length)]} {GivenNames[random.Next(GivenNames.Length)]}";
        var addresses = new Address[random.NextDouble() < 0.3 ? 2 : 1];
        for (var i = 0; i < addresses.Length; i++)
        {
            var city = DemoCities.CustomerCities[random.Next(DemoCities.CustomerCities.Count)];
            addresses[i] = new Address(
                name,
                $"No. {random.Next(1, 999)} {Streets[random.Next(Streets.Length)]} Road",
                city.Name,
                city.Region,
                city.PostalCode,
                "CN",
                Math.Round(city.Latitude + ((random.NextDouble() - 0.5) * 0.1), 5),
                Math.Round(city.Longitude + ((random.NextDouble() - 0.5) * 0.1), 5),
                $"+86 13{random.Next(10)}{random.Next(10_000_000, 99_999_999)}");
        }

        var preferences = new CustomerPreferences(AcceptsSplitShipments: random.NextDouble() < 0.85, PreferredSpeed: speed);
        return new DemoCustomer($"C-{number:D4}", name, tier, preferences, addresses);
    }
}
