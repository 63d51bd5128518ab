using System.Globalization;

namespace OrderGrains.Grains.Promises;

/// <summary>The shopper's form of a promise: "92% chance by Sat 28 Feb" (the percentage rounded down, never flattering).</summary>
public static class PromiseText
{
    public static string Format(double probability, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{Percent(probability)}% chance by {day:ddd d MMM}");

    /// <summary>Whole percent, rounded down (99.96% shows as 99%: a promise is never "100%").</summary>
    public static int Percent(double probability) => Math.Clamp((int)Math.Floor((probability * 100) + 1e-9), 0, 99);
}
