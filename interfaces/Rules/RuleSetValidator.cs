using System.Globalization;
using System.Text.RegularExpressions;

namespace OrderGrains.Interfaces.Rules;

/// <summary>
/// Checks a parsed rule set beyond its shape: names, ranges, references (product sets, time zone) and conflicts.
/// Conflicts: two enabled rules of one all-match group setting a single-valued setting (max splits, SLA, service,
/// carrier, confidence, a routing weight) to different values is an error, as is a warehouse both excluded and
/// preferred anywhere in the set; different values in different groups are a warning (the earlier group wins).
/// </summary>
public static partial class RuleSetValidator
{
    /// <summary>Most rules in a set.</summary>
    public const int MaxRules = 1000;

    /// <summary>Deepest nesting of all/any/not.</summary>
    public const int MaxConditionDepth = 8;

    /// <summary>Validates <paramref name="document"/> (positions unknown).</summary>
    public static RuleSetValidation Validate(RuleSetDocument document) => Validate(document, null);

    internal static RuleSetValidation Validate(RuleSetDocument document, JsonLineMap? lines)
    {
        ArgumentNullException.ThrowIfNull(document);
        var context = new Context(lines);
        Text(context, "$.name", document.Name, 100);
        if (document.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            context.Error("$.timeZone", $"Unknown time zone '{zone}'; use an IANA id such as Asia/Shanghai or UTC.", "unknown-reference");
        }

        for (var i = 0; i < (document.PeakPeriods?.Count ?? 0); i++)
        {
            if (document.PeakPeriods![i].Until <= document.PeakPeriods[i].From)
            {
                context.Error($"$.peakPeriods[{i}].until", "A peak period must end after it starts.");
            }
        }

        foreach (var (name, set) in document.ProductSets ?? new Dictionary<string, ProductSet>())
        {
            if ((set.Skus?.Count ?? 0) + (set.SkuPrefixes?.Count ?? 0) == 0)
            {
                context.Error($"$.productSets.{name}", $"Product set '{name}' needs at least one SKU or SKU prefix.");
            }
        }

        if (document.Groups.Count == 0)
        {
            context.Error("$.groups", "A rule set needs at least one group.");
        }

        var groupNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rules = 0;
        for (var g = 0; g < document.Groups.Count; g++)
        {
            var group = document.Groups[g];
            var gp = $"$.groups[{g}]";
            if (Text(context, gp + ".name", group.Name, 100) && !groupNames.Add(group.Name))
            {
                context.Error(gp + ".name", $"Group name '{group.Name}' is used twice.", "duplicate");
            }

            Range(context, gp + ".priority", group.Priority, 0, 10_000);
            if (group.Rules.Count == 0)
            {
                context.Error(gp + ".rules", $"Group '{group.Name}' has no rules.");
            }

            var ruleNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var r = 0; r < group.Rules.Count; r++)
            {
                rules++;
                var rule = group.Rules[r];
                var rp = $"{gp}.rules[{r}]";
                if (Text(context, rp + ".name", rule.Name, 100) && !ruleNames.Add(rule.Name))
                {
                    context.Error(rp + ".name", $"Rule name '{rule.Name}' is used twice in group '{group.Name}'.", "duplicate");
                }

                Range(context, rp + ".priority", rule.Priority, 0, 10_000);
                Condition(context, document, rp + ".when", rule.When, 0);
                if (rule.Then.Count == 0)
                {
                    context.Error(rp + ".then", $"Rule '{rule.Name}' has no actions.");
                }

                for (var a = 0; a < rule.Then.Count; a++)
                {
                    Action(context, $"{rp}.then[{a}]", rule.Then[a]);
                }
            }
        }

        if (rules > MaxRules)
        {
            context.Error("$.groups", $"The set has {rules} rules; at most {MaxRules} are allowed.");
        }

        Conflicts(context, document);
        return new RuleSetValidation(context.Problems);
    }

    private static void Condition(Context context, RuleSetDocument document, string path, RuleCondition? condition, int depth)
    {
        if (condition is null)
        {
            context.Error(path, "A condition is required.");
            return;
        }

        if (depth > MaxConditionDepth)
        {
            context.Error(path, $"Conditions nest at most {MaxConditionDepth} deep.");
            return;
        }

        switch (condition)
        {
            case AllCondition { Conditions: var inner }:
                Nested(inner);
                break;
            case AnyCondition { Conditions: var inner }:
                Nested(inner);
                break;
            case NotCondition not:
                Condition(context, document, path + ".condition", not.Condition, depth + 1);
                break;
            case AlwaysCondition:
                break;
            case CustomerTierCondition tier when tier.AtLeast is null && (tier.In is null || tier.In.Count == 0):
                context.Error(path, "customerTier needs atLeast or a non-empty in.");
                break;
            case CustomerHistoryCondition h:
                if (h.MinOrders is null && h.MaxOrders is null && h.MinReturnRate is null && h.MaxReturnRate is null && h.MinLateDeliveries is null)
                {
                    context.Error(path, "customerHistory needs at least one of minOrders, maxOrders, minReturnRate, maxReturnRate, minLateDeliveries.");
                }

                Bounds(context, path, "minOrders", h.MinOrders, "maxOrders", h.MaxOrders, 0);
                Bounds(context, path, "minReturnRate", h.MinReturnRate, "maxReturnRate", h.MaxReturnRate, 0);
                if (h.MinLateDeliveries is < 0)
                {
                    context.Error(path + ".minLateDeliveries", "minLateDeliveries must be 0 or more.");
                }

                break;
            case CustomerPreferenceCondition p when p.AcceptsSplit is null && p.PreferredSpeed is null:
                context.Error(path, "customerPreference needs acceptsSplit or preferredSpeed.");
                break;
            case ChannelCondition c:
                Names(context, path + ".in", c.In, "channel");
                break;
            case DestinationCondition d:
                if ((d.Countries?.Count ?? 0) + (d.Regions?.Count ?? 0) + (d.Cities?.Count ?? 0) + (d.PostalPrefixes?.Count ?? 0) == 0)
                {
                    context.Error(path, "destination needs at least one of countries, regions, cities, postalPrefixes.");
                }

                break;
            case OrderValueCondition v:
                if (v.Min is null && v.Max is null)
                {
                    context.Error(path, "orderValue needs min or max.");
                }

                Bounds(context, path, "min", v.Min, "max", v.Max, 0m);
                break;
            case OrderSizeCondition s:
                if (s.MinUnits is null && s.MaxUnits is null && s.MinLines is null && s.MaxLines is null)
                {
                    context.Error(path, "orderSize needs at least one of minUnits, maxUnits, minLines, maxLines.");
                }

                Bounds(context, path, "minUnits", s.MinUnits, "maxUnits", s.MaxUnits, 0);
                Bounds(context, path, "minLines", s.MinLines, "maxLines", s.MaxLines, 0);
                break;
            case GiftCondition:
                break;
            case SpeedCondition { In.Count: 0 }:
                context.Error(path + ".in", "speed needs at least one service level.");
                break;
            case ProductCondition p:
                if ((p.Skus?.Count ?? 0) + (p.SkuPrefixes?.Count ?? 0) == 0 && p.Set is null)
                {
                    context.Error(path, "product needs skus, skuPrefixes or set.");
                }

                if (p.Set is not null && (document.ProductSets is null || !document.ProductSets.ContainsKey(p.Set)))
                {
                    context.Error(path + ".set", $"Product set '{p.Set}' is not defined in productSets.", "unknown-reference");
                }

                Range(context, path + ".minQuantity", p.MinQuantity, 1, 1_000_000);
                break;
            case TimeCondition t:
                if (t.Days is null && t.FromHour is null && t.ToHour is null && t.Peak is null)
                {
                    context.Error(path, "time needs at least one of days, fromHour, toHour, peak.");
                }

                if (t.Days is { Count: 0 })
                {
                    context.Error(path + ".days", "days, when present, lists at least one day.");
                }

                if (t.FromHour is { } from)
                {
                    Range(context, path + ".fromHour", from, 0, 23);
                }

                if (t.ToHour is { } to)
                {
                    Range(context, path + ".toHour", to, 1, 24);
                }

                if (t.FromHour == t.ToHour && t.FromHour is not null)
                {
                    context.Error(path + ".toHour", "fromHour and toHour are equal: the window is empty.");
                }

                if (t.Peak is true && (document.PeakPeriods is null || document.PeakPeriods.Count == 0))
                {
                    context.Warning(path + ".peak", "The rule set defines no peakPeriods, so peak is never true.");
                }

                break;
            case NoteCondition n:
                if (n.Keywords.Count == 0)
                {
                    context.Error(path + ".keywords", "note needs at least one keyword.");
                }

                for (var i = 0; i < n.Keywords.Count; i++)
                {
                    if (TextFold.Fold(n.Keywords[i]).Trim().Length == 0)
                    {
                        context.Error($"{path}.keywords[{i}]", "A keyword must not be blank.");
                    }
                }

                break;
            case StockCondition s:
                if (s.MaxAvailable is null && s.BelowSafety is null && s.NoInboundWithinDays is null)
                {
                    context.Error(path, "stock needs at least one of maxAvailable, belowSafety, noInboundWithinDays.");
                }

                if (s.MaxAvailable is < 0)
                {
                    context.Error(path + ".maxAvailable", "maxAvailable must be 0 or more.");
                }

                if (s.NoInboundWithinDays is { } days)
                {
                    Range(context, path + ".noInboundWithinDays", days, 1, 365);
                }

                break;
            case WarehouseCondition w:
                if (w.Status is null && w.MinSaturation is null)
                {
                    context.Error(path, "warehouse needs status or minSaturation.");
                }

                if (w.MinSaturation is < 0)
                {
                    context.Error(path + ".minSaturation", "minSaturation must be 0 or more.");
                }

                break;
        }

        void Nested(IReadOnlyList<RuleCondition> inner)
        {
            if (inner.Count == 0)
            {
                context.Error(path + ".conditions", "all/any need at least one condition.");
            }

            for (var i = 0; i < inner.Count; i++)
            {
                Condition(context, document, $"{path}.conditions[{i}]", inner[i], depth + 1);
            }
        }
    }

    private static void Action(Context context, string path, RuleAction? action)
    {
        switch (action)
        {
            case null:
                context.Error(path, "An action is required.");
                break;
            case RoutingWeightsAction w:
                if (w.Transit is null && w.Cost is null && w.SplitPenalty is null && w.Saturation is null && w.Carbon is null)
                {
                    context.Error(path, "routingWeights needs at least one weight.");
                }

                foreach (var (name, value) in new[] { ("transit", w.Transit), ("cost", w.Cost), ("splitPenalty", w.SplitPenalty), ("saturation", w.Saturation), ("carbon", w.Carbon) })
                {
                    if (value is < 0 or > 1000 || (value is { } v && !double.IsFinite(v)))
                    {
                        context.Error($"{path}.{name}", $"{name} must be between 0 and 1000.");
                    }
                }

                break;
            case ExcludeWarehousesAction e:
                Names(context, path + ".warehouses", e.Warehouses, "warehouse");
                break;
            case PreferWarehousesAction p:
                Names(context, path + ".warehouses", p.Warehouses, "warehouse");
                if (p.Bonus is < 0 or > 100)
                {
                    context.Error(path + ".bonus", "bonus must be between 0 and 100.");
                }

                break;
            case MaxSplitsAction m:
                Range(context, path + ".shipments", m.Shipments, 1, 10);
                break;
            case SlaAction s:
                Range(context, path + ".hours", s.Hours, 1, 720);
                Confidence(context, path + ".confidence", s.Confidence);
                break;
            case PriorityAction p:
                Range(context, path + ".level", p.Level, 0, 100);
                break;
            case HoldAction h:
                Text(context, path + ".reason", h.Reason, 200);
                break;
            case AttachInsertAction i:
                Text(context, path + ".item", i.Item, 100);
                break;
            case CarrierServiceAction c when c.Carrier is not null:
                Text(context, path + ".carrier", c.Carrier, 50);
                break;
            case PromiseConfidenceAction p:
                Confidence(context, path + ".target", p.Target);
                break;
            case TagAction t:
                if (t.Tags.Count == 0)
                {
                    context.Error(path + ".tags", "tag needs at least one tag.");
                }

                for (var i = 0; i < t.Tags.Count; i++)
                {
                    if (!TagPattern().IsMatch(t.Tags[i] ?? string.Empty))
                    {
                        context.Error($"{path}.tags[{i}]", $"Tag '{t.Tags[i]}' must be 1-50 characters of a-z, 0-9, '-', '_' or '.'.");
                    }
                }

                break;
        }
    }

    private static void Conflicts(Context context, RuleSetDocument document)
    {
        var groupSettings = new Dictionary<string, (string Value, string Where, int Group)>(StringComparer.Ordinal);
        var excluded = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var preferred = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var g = 0; g < document.Groups.Count; g++)
        {
            var group = document.Groups[g];
            var inGroup = new Dictionary<string, (string Value, string Where)>(StringComparer.Ordinal);
            for (var r = 0; r < group.Rules.Count; r++)
            {
                var rule = group.Rules[r];
                if (!rule.Enabled)
                {
                    continue;
                }

                var where = $"{group.Name}/{rule.Name}";
                for (var a = 0; a < rule.Then.Count; a++)
                {
                    var path = $"$.groups[{g}].rules[{r}].then[{a}]";
                    foreach (var (setting, value) in SingleValued(rule.Then[a]))
                    {
                        if (group.Mode == RuleGroupMode.AllMatch && inGroup.TryGetValue(setting, out var earlier) && earlier.Value != value)
                        {
                            context.Error(path, $"Conflict: rules {earlier.Where} and {where} of all-match group '{group.Name}' set {setting} to {earlier.Value} and {value}.", "conflict");
                        }

                        inGroup.TryAdd(setting, (value, where));
                        if (groupSettings.TryGetValue(setting, out var other) && other.Group != g && other.Value != value)
                        {
                            context.Warning(path, $"Rules {other.Where} and {where} set {setting} to {other.Value} and {value}; when both match, the earlier group's value wins.", "conflict");
                        }

                        groupSettings.TryAdd(setting, (value, where, g));
                    }

                    switch (rule.Then[a])
                    {
                        case ExcludeWarehousesAction e:
                            foreach (var w in e.Warehouses)
                            {
                                excluded.TryAdd(w, where);
                                if (preferred.TryGetValue(w, out var by))
                                {
                                    context.Error(path, $"Conflict: warehouse {w} is excluded by {where} and preferred by {by}.", "conflict");
                                }
                            }

                            break;
                        case PreferWarehousesAction p:
                            foreach (var w in p.Warehouses)
                            {
                                preferred.TryAdd(w, where);
                                if (excluded.TryGetValue(w, out var by))
                                {
                                    context.Error(path, $"Conflict: warehouse {w} is preferred by {where} and excluded by {by}.", "conflict");
                                }
                            }

                            break;
                    }
                }
            }
        }
    }

    /// <summary>The single-valued settings an action sets, with their values as text.</summary>
    private static IEnumerable<(string Setting, string Value)> SingleValued(RuleAction action)
    {
        static string S(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        switch (action)
        {
            case MaxSplitsAction m:
                yield return ("max splits", S(m.Shipments));
                break;
            case ShipTogetherAction:
                yield return ("max splits", "1");
                break;
            case SlaAction s:
                yield return ("SLA hours", S(s.Hours));
                if (s.Confidence is { } confidence)
                {
                    yield return ("SLA confidence", S(confidence));
                }

                break;
            case CarrierServiceAction c:
                yield return ("service", S(c.Service));
                if (c.Carrier is not null)
                {
                    yield return ("carrier", c.Carrier);
                }

                break;
            case PromiseConfidenceAction p:
                yield return ("promise confidence", S(p.Target));
                break;
            case PreferWarehousesAction p:
                yield return ("preference bonus", S(p.Bonus));
                break;
            case RoutingWeightsAction w:
                foreach (var (name, value) in new[] { ("transit weight", w.Transit), ("cost weight", w.Cost), ("split penalty", w.SplitPenalty), ("saturation weight", w.Saturation), ("carbon weight", w.Carbon) })
                {
                    if (value is { } v)
                    {
                        yield return (name, S(v));
                    }
                }

                break;
        }
    }

    private static bool Text(Context context, string path, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max || value.Any(char.IsControl))
        {
            context.Error(path, $"Must be 1-{max} characters without control characters.");
            return false;
        }

        return true;
    }

    private static void Names(Context context, string path, IReadOnlyList<string>? values, string what)
    {
        if (values is null || values.Count == 0)
        {
            context.Error(path, $"At least one {what} is required.");
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            Text(context, $"{path}[{i}]", values[i], 100);
        }
    }

    private static void Range(Context context, string path, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            context.Error(path, $"Must be between {min} and {max}; got {value}.");
        }
    }

    private static void Confidence(Context context, string path, double? value)
    {
        if (value is { } v && !(v >= 0.5 && v <= 0.999))
        {
            context.Error(path, $"A confidence is between 0.5 and 0.999; got {v.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    private static void Bounds<T>(Context context, string path, string minName, T? min, string maxName, T? max, T floor)
        where T : struct, IComparable<T>
    {
        if (min is { } lo && lo.CompareTo(floor) < 0)
        {
            context.Error($"{path}.{minName}", $"{minName} must not be negative.");
        }

        if (max is { } hi && hi.CompareTo(floor) < 0)
        {
            context.Error($"{path}.{maxName}", $"{maxName} must not be negative.");
        }

        if (min is { } a && max is { } b && a.CompareTo(b) > 0)
        {
            context.Error($"{path}.{maxName}", $"{maxName} is below {minName}.");
        }
    }

    [GeneratedRegex("^[a-z0-9._-]{1,50}$")]
    private static partial Regex TagPattern();

    private sealed class Context(JsonLineMap? lines)
    {
        public List<RuleSetProblem> Problems { get; } = [];

        public void Error(string path, string message, string code = "invalid") => Add(path, message, RuleSetProblemSeverity.Error, code);

        public void Warning(string path, string message, string code = "invalid") => Add(path, message, RuleSetProblemSeverity.Warning, code);

        private void Add(string path, string message, RuleSetProblemSeverity severity, string code)
        {
            var (line, column) = lines?.Find(path) ?? (null, null);
            var dot = path.LastIndexOf('.');
            var field = dot >= 0 && !path[(dot + 1)..].Contains('[', StringComparison.Ordinal) ? path[(dot + 1)..] : null;
            Problems.Add(new RuleSetProblem(path, line, column, field, message, severity, code));
        }
    }
}
