using System.Collections.Concurrent;

namespace OrderGrains.Grains.Promises;

/// <summary>
/// When a warehouse works and hands parcels over: a daily shift on working days (closed weekdays and holidays are
/// skipped), and the carrier's cut-off, at which everything ready is collected. Times are in the warehouse's zone.
/// </summary>
public sealed class WarehouseCalendar
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    private readonly HashSet<DayOfWeek> _closedDays;
    private readonly HashSet<DateOnly> _holidays;

    public WarehouseCalendar(TimeZoneInfo zone, TimeOnly shiftStart, TimeOnly shiftEnd, TimeOnly cutOff, IEnumerable<DayOfWeek> closedDays, IEnumerable<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (shiftEnd <= shiftStart)
        {
            throw new ArgumentException($"The shift must end after it starts ({shiftStart} - {shiftEnd}).", nameof(shiftEnd));
        }

        Zone = zone;
        ShiftStart = shiftStart;
        ShiftEnd = shiftEnd;
        CutOff = cutOff;
        _closedDays = [.. closedDays];
        _holidays = [.. holidays];
        if (_closedDays.Count == 7)
        {
            throw new ArgumentException("A warehouse calendar needs at least one working weekday.", nameof(closedDays));
        }
    }

    public TimeZoneInfo Zone { get; }

    public TimeOnly ShiftStart { get; }

    public TimeOnly ShiftEnd { get; }

    public TimeOnly CutOff { get; }

    /// <summary>Hours of work in one shift.</summary>
    public double ShiftHours => (ShiftEnd - ShiftStart).TotalHours;

    /// <summary>The zone with this id (UTC if unknown to the machine).</summary>
    public static TimeZoneInfo FindZone(string id) =>
        Zones.GetOrAdd(id ?? string.Empty, static id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc);

    public bool IsWorkingDay(DateOnly day) => !_closedDays.Contains(day.DayOfWeek) && !_holidays.Contains(day);

    /// <summary>The local calendar day of an instant.</summary>
    public DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The instant a local day ends (the last tick of it).</summary>
    public DateTimeOffset EndOfDay(DateOnly day) => At(day.AddDays(1), TimeOnly.MinValue).AddTicks(-1);

    /// <summary>The instant of a local wall-clock time.</summary>
    public DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>
    /// The working timeline from <paramref name="start"/>: the end of each hour of shift work, in order, for up to
    /// <paramref name="hours"/> hours. Entry h is when h hours of work started at <paramref name="start"/> are done.
    /// </summary>
    public DateTimeOffset[] WorkTimeline(DateTimeOffset start, int hours)
    {
        var ends = new DateTimeOffset[hours + 1];
        var local = TimeZoneInfo.ConvertTime(start, Zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var cursor = start;
        ends[0] = start;
        var filled = 1;
        for (var guard = 0; filled <= hours && guard < 400; guard++, day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
            {
                continue;
            }

            var shiftStart = At(day, ShiftStart);
            var shiftEnd = At(day, ShiftEnd);
            var from = cursor > shiftStart ? cursor : shiftStart;
            for (var t = from.AddHours(1); t <= shiftEnd && filled <= hours; t = t.AddHours(1))
            {
                ends[filled++] = t;
            }

            if (filled <= hours && from < shiftEnd)
            {
                // The partial hour left in the shift carries over to the next working day.
                cursor = shiftEnd;
            }
        }

        for (; filled <= hours; filled++)
        {
            ends[filled] = DateTimeOffset.MaxValue;
        }

        return ends;
    }

    /// <summary>Hours of shift work between two instants (pick and pack started before the night is not charged the night).</summary>
    public double WorkingHoursBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var hours = 0.0;
        var day = LocalDay(from);
        for (var guard = 0; guard < 400 && At(day, TimeOnly.MinValue) < to; guard++, day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
            {
                continue;
            }

            var start = At(day, ShiftStart);
            var end = At(day, ShiftEnd);
            var a = start > from ? start : from;
            var b = end < to ? end : to;
            if (b > a)
            {
                hours += (b - a).TotalHours;
            }
        }

        return hours;
    }

    /// <summary>The carrier collection at or after <paramref name="ready"/>: today's cut-off if still ahead, else the next working day's.</summary>
    public DateTimeOffset NextHandover(DateTimeOffset ready)
    {
        if (ready == DateTimeOffset.MaxValue)
        {
            return ready;
        }

        var day = LocalDay(ready);
        for (var guard = 0; guard < 400; guard++, day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
            {
                continue;
            }

            var cutOff = At(day, CutOff);
            if (cutOff >= ready)
            {
                return cutOff;
            }
        }

        return DateTimeOffset.MaxValue;
    }
}
