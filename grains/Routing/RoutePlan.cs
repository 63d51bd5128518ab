namespace OrderGrains.Grains.Routing;

/// <summary>Summary of one feasible plan found by the search (its warehouses as a bit set over the candidates).</summary>
internal readonly record struct RoutePlan(ulong Warehouses, int Shipments, bool MeetsSla, double Score, double MaxHours, double Cost, double KgCo2, double Saturation)
{
    /// <summary>Order of preference: plans meeting the SLA, then fewer shipments, then lower score.</summary>
    public bool IsBetterThan(in RoutePlan other)
    {
        if (MeetsSla != other.MeetsSla)
        {
            return MeetsSla;
        }

        return Shipments != other.Shipments ? Shipments < other.Shipments : Score < other.Score;
    }
}
