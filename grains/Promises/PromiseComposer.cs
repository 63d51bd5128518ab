namespace OrderGrains.Grains.Promises;

/// <summary>
/// The delivery time of a shipment as the composition of its stages, exact on the hour grid: the queue behind the
/// backlog and the pick and pack are summed (convolution) in hours of shift work; each outcome is mapped through the
/// warehouse's calendar to the carrier collection that takes it (the next cut-off on a working day: a monotone
/// push-forward, not a sum, because waiting for the cut-off depends on when the parcel is ready); the carrier transit
/// is then added (convolution). The stages are taken as independent given the warehouse's load, which is what makes
/// the convolution exact; correlated delays (a whole region snowed in) show up in the learned transit itself.
/// </summary>
public static class PromiseComposer
{
    /// <summary>Hours from <paramref name="start"/> until delivery.</summary>
    public static HourDistribution Compose(
        DateTimeOffset start, WarehouseCalendar calendar, HourDistribution queue, HourDistribution processing, HourDistribution transit,
        int maxHours = Convolution.DefaultMaxHours) =>
        ComposeStages(start, calendar, queue, processing, transit, maxHours).Total;

    /// <summary>Hours from <paramref name="start"/> until the carrier collects and until delivery.</summary>
    public static (HourDistribution Handover, HourDistribution Total) ComposeStages(
        DateTimeOffset start, WarehouseCalendar calendar, HourDistribution queue, HourDistribution processing, HourDistribution transit,
        int maxHours = Convolution.DefaultMaxHours)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var handover = Handover(start, calendar, Convolution.Convolve(queue, processing, maxHours), maxHours);
        return (handover, Convolution.Convolve(handover, transit, maxHours));
    }

    /// <summary>Hours from <paramref name="start"/> until the carrier collects, given the hours of work before the parcel is ready.</summary>
    public static HourDistribution Handover(DateTimeOffset start, WarehouseCalendar calendar, HourDistribution work, int maxHours = Convolution.DefaultMaxHours)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(work);
        var timeline = calendar.WorkTimeline(start, Math.Max(0, work.Length - 1));

        // The timeline only moves forward and PushForward visits hours in order, so the collection is looked up
        // again only when the parcel is ready after the current one (a few times, not once per hour).
        var collected = DateTimeOffset.MinValue;
        return Convolution.PushForward(
            work,
            h =>
            {
                if (timeline[h] > collected)
                {
                    collected = calendar.NextHandover(timeline[h]);
                }

                return collected == DateTimeOffset.MaxValue ? -1 : HourDistribution.BinOf((collected - start).TotalHours);
            },
            maxHours);
    }
}
