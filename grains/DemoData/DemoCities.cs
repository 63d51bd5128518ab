namespace OrderGrains.Grains.DemoData;

/// <summary>Real Chinese cities with their coordinates.</summary>
public static class DemoCities
{
    public static DemoCity Shanghai { get; } = new("Shanghai", "Shanghai", "200000", 31.2304, 121.4737);

    public static DemoCity Beijing { get; } = new("Beijing", "Beijing", "100000", 39.9042, 116.4074);

    public static DemoCity Guangzhou { get; } = new("Guangzhou", "Guangdong", "510000", 23.1291, 113.2644);

    public static DemoCity Shenzhen { get; } = new("Shenzhen", "Guangdong", "518000", 22.5431, 114.0579);

    public static DemoCity Chengdu { get; } = new("Chengdu", "Sichuan", "610000", 30.5728, 104.0668);

    public static DemoCity Wuhan { get; } = new("Wuhan", "Hubei", "430000", 30.5928, 114.3055);

    public static DemoCity Xian { get; } = new("Xi'an", "Shaanxi", "710000", 34.3416, 108.9398);

    public static DemoCity Hangzhou { get; } = new("Hangzhou", "Zhejiang", "310000", 30.2741, 120.1551);

    public static DemoCity Shenyang { get; } = new("Shenyang", "Liaoning", "110000", 41.8057, 123.4315);

    public static DemoCity Zhengzhou { get; } = new("Zhengzhou", "Henan", "450000", 34.7466, 113.6254);

    /// <summary>Where customers live: the warehouse cities and others.</summary>
    public static IReadOnlyList<DemoCity> CustomerCities { get; } =
    [
        Shanghai, Beijing, Guangzhou, Shenzhen, Chengdu, Wuhan, Xian, Hangzhou, Shenyang, Zhengzhou,
        new("Nanjing", "Jiangsu", "210000", 32.0603, 118.7969),
        new("Tianjin", "Tianjin", "300000", 39.3434, 117.3616),
        new("Chongqing", "Chongqing", "400000", 29.4316, 106.9123),
        new("Suzhou", "Jiangsu", "215000", 31.2989, 120.5853),
        new("Qingdao", "Shandong", "266000", 36.0671, 120.3826),
        new("Kunming", "Yunnan", "650000", 25.0389, 102.7183),
        new("Changsha", "Hunan", "410000", 28.2282, 112.9388),
        new("Xiamen", "Fujian", "361000", 24.4798, 118.0894),
        new("Harbin", "Heilongjiang", "150000", 45.8038, 126.5350),
        new("Urumqi", "Xinjiang", "830000", 43.8256, 87.6168),
        new("Lhasa", "Tibet", "850000", 29.6520, 91.1721),
        new("Dalian", "Liaoning", "116000", 38.9140, 121.6147),
    ];
}
