namespace OrderGrains.Grains.Rules;

/// <summary>The argument of compiled conditions: the order's facts and its time in the rule set's time zone.</summary>
public sealed class RuleContext(RuleFacts facts, DayOfWeek day, int hour, bool peak)
{
    public RuleFacts Facts { get; } = facts;

    public DayOfWeek Day { get; } = day;

    public int Hour { get; } = hour;

    public bool Peak { get; } = peak;
}
