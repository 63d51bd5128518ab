namespace OrderGrains.Interfaces;

/// <summary>A delivery address. Name and phone are personal data: mask them in logs.</summary>
public sealed record Address(
    string Name,
    string Line1,
    string City,
    string Region,
    string PostalCode,
    string Country,
    double Latitude,
    double Longitude,
    string? Phone = null)
{
    /// <summary>The address's location.</summary>
    public GeoPoint Location => new(Latitude, Longitude);

    /// <summary>Normalized form for duplicate detection (case, spacing).</summary>
    public string Fingerprint => string.Join('|', Line1, City, PostalCode, Country).ToUpperInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
}

/// <summary>A point on Earth.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Great-circle distance (haversine) in kilometres.</summary>
    public double DistanceKmTo(GeoPoint other)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(other.Latitude - Latitude);
        var dLon = Radians(other.Longitude - Longitude);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(Radians(Latitude)) * Math.Cos(Radians(other.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
