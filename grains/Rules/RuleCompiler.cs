using System.Linq.Expressions;
using System.Reflection;
using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Rules;

/// <summary>
/// Compiles a validated rule set into a <see cref="CompiledRuleSet"/>: each rule's condition becomes one expression
/// tree over <see cref="RuleContext"/> (comparisons, bit masks for enum sets, hash sets for names, calls to the
/// matchers below for line, stock, warehouse and note facts) compiled to a delegate; each action becomes a delegate
/// with its values already parsed. Constants (folded keywords, SKU sets, masks) are prepared here, once per version.
/// </summary>
public static class RuleCompiler
{
    private static readonly ParameterExpression Context = Expression.Parameter(typeof(RuleContext), "context");
    private static readonly Expression Facts = Expression.Property(Context, nameof(RuleContext.Facts));

    /// <summary>Compiles <paramref name="document"/>; throws <see cref="DomainException"/> (<c>rules.invalid</c>) if it is not valid.</summary>
    public static CompiledRuleSet Compile(RuleSetDocument document, int versionId)
    {
        ArgumentNullException.ThrowIfNull(document);
        var validation = RuleSetValidator.Validate(document);
        if (!validation.IsValid)
        {
            var first = validation.Errors.First();
            throw new DomainException("rules.invalid", $"Rule set version {versionId} is not valid: {first.Path}: {first.Message}");
        }

        var zone = document.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc;
        var scan = new Scan();
        var groups = document.Groups
            .Select((group, index) => (group, index))
            .OrderBy(g => g.group.Priority).ThenBy(g => g.index)
            .Select(g => new CompiledGroup(
                g.group.Name,
                g.group.Mode,
                [.. g.group.Rules
                    .Select((rule, index) => (rule, index))
                    .Where(r => r.rule.Enabled)
                    .OrderBy(r => r.rule.Priority).ThenBy(r => r.index)
                    .Select(r => new CompiledRule(
                        $"{g.group.Name}/{r.rule.Name}",
                        Expression.Lambda<Func<RuleContext, bool>>(Condition(r.rule.When, document, scan), Context).Compile(),
                        [.. r.rule.Then.Select(Action)]))]))
            .ToArray();
        var peaks = (document.PeakPeriods ?? []).Select(p => (p.From, p.Until)).ToArray();
        return new CompiledRuleSet(versionId, document.Name, groups, zone, peaks, scan.Stock, scan.Warehouses);
    }

    /// <summary>Compiles rule set JSON; throws <see cref="DomainException"/> (<c>rules.invalid</c>) with the first problem when it is not valid.</summary>
    public static CompiledRuleSet Compile(string json, int versionId)
    {
        var (document, validation) = RuleSetJson.Parse(json);
        if (document is null || !validation.IsValid)
        {
            var first = validation.Errors.First();
            throw new DomainException("rules.invalid", $"Rule set version {versionId} is not valid: {first.Path} (line {first.Line}): {first.Message}");
        }

        return Compile(document, versionId);
    }

    private static Expression Condition(RuleCondition condition, RuleSetDocument document, Scan scan)
    {
        switch (condition)
        {
            case AlwaysCondition:
                return Expression.Constant(true);
            case AllCondition all:
                return all.Conditions.Select(c => Condition(c, document, scan)).Aggregate(Expression.AndAlso);
            case AnyCondition any:
                return any.Conditions.Select(c => Condition(c, document, scan)).Aggregate(Expression.OrElse);
            case NotCondition not:
                return Expression.Not(Condition(not.Condition, document, scan));
            case CustomerTierCondition tier:
                return And(
                    tier.AtLeast is { } atLeast ? Expression.GreaterThanOrEqual(AsInt(Fact(nameof(RuleFacts.Tier))), Expression.Constant((int)atLeast)) : null,
                    tier.In is { Count: > 0 } inTiers ? InMask(Fact(nameof(RuleFacts.Tier)), inTiers.Select(t => (int)t)) : null);
            case CustomerHistoryCondition h:
                return And(
                    Compare(Fact(nameof(RuleFacts.HistoryOrders)), h.MinOrders, ExpressionType.GreaterThanOrEqual),
                    Compare(Fact(nameof(RuleFacts.HistoryOrders)), h.MaxOrders, ExpressionType.LessThanOrEqual),
                    Compare(Fact(nameof(RuleFacts.ReturnRate)), h.MinReturnRate, ExpressionType.GreaterThanOrEqual),
                    Compare(Fact(nameof(RuleFacts.ReturnRate)), h.MaxReturnRate, ExpressionType.LessThanOrEqual),
                    Compare(Fact(nameof(RuleFacts.LateDeliveries)), h.MinLateDeliveries, ExpressionType.GreaterThanOrEqual));
            case CustomerPreferenceCondition p:
                return And(
                    p.AcceptsSplit is { } split ? Expression.Equal(Fact(nameof(RuleFacts.AcceptsSplit)), Expression.Constant(split)) : null,
                    p.PreferredSpeed is { } speed ? Expression.Equal(Fact(nameof(RuleFacts.PreferredSpeed)), Expression.Constant(speed)) : null);
            case ChannelCondition c:
                return InSet(Fact(nameof(RuleFacts.Channel)), c.In);
            case DestinationCondition d:
                return And(
                    d.Countries is { Count: > 0 } countries ? InSet(Fact(nameof(RuleFacts.Country)), countries) : null,
                    d.Regions is { Count: > 0 } regions ? InSet(Fact(nameof(RuleFacts.Region)), regions) : null,
                    d.Cities is { Count: > 0 } cities ? InSet(Fact(nameof(RuleFacts.City)), cities) : null,
                    d.PostalPrefixes is { Count: > 0 } postal
                        ? Expression.Call(Matcher(nameof(RuleMatchers.StartsWithAny)), Fact(nameof(RuleFacts.PostalCode)), Expression.Constant(postal.ToArray()))
                        : null);
            case OrderValueCondition v:
                return And(
                    Compare(Fact(nameof(RuleFacts.Value)), v.Min, ExpressionType.GreaterThanOrEqual),
                    Compare(Fact(nameof(RuleFacts.Value)), v.Max, ExpressionType.LessThanOrEqual));
            case OrderSizeCondition s:
                return And(
                    Compare(Fact(nameof(RuleFacts.Units)), s.MinUnits, ExpressionType.GreaterThanOrEqual),
                    Compare(Fact(nameof(RuleFacts.Units)), s.MaxUnits, ExpressionType.LessThanOrEqual),
                    Compare(Fact(nameof(RuleFacts.LineCount)), s.MinLines, ExpressionType.GreaterThanOrEqual),
                    Compare(Fact(nameof(RuleFacts.LineCount)), s.MaxLines, ExpressionType.LessThanOrEqual));
            case GiftCondition g:
                return Expression.Equal(Fact(nameof(RuleFacts.IsGift)), Expression.Constant(g.IsGift));
            case SpeedCondition s:
                return InMask(Fact(nameof(RuleFacts.Speed)), s.In.Select(x => (int)x));
            case ProductCondition p:
            {
                var skus = new HashSet<string>(p.Skus ?? [], StringComparer.OrdinalIgnoreCase);
                var prefixes = new List<string>(p.SkuPrefixes ?? []);
                if (p.Set is not null && document.ProductSets?.GetValueOrDefault(p.Set) is { } set)
                {
                    skus.UnionWith(set.Skus ?? []);
                    prefixes.AddRange(set.SkuPrefixes ?? []);
                }

                return Expression.Call(
                    Matcher(nameof(RuleMatchers.AnyLine)), Facts, Expression.Constant(skus), Expression.Constant(prefixes.ToArray()), Expression.Constant(p.MinQuantity));
            }

            case TimeCondition t:
            {
                Expression? hours = null;
                if (t.FromHour is not null || t.ToHour is not null)
                {
                    var from = t.FromHour ?? 0;
                    var to = t.ToHour ?? 24;
                    var hour = Expression.Property(Context, nameof(RuleContext.Hour));
                    var afterFrom = Expression.GreaterThanOrEqual(hour, Expression.Constant(from));
                    var beforeTo = Expression.LessThan(hour, Expression.Constant(to));
                    hours = from < to ? Expression.AndAlso(afterFrom, beforeTo) : Expression.OrElse(afterFrom, beforeTo);
                }

                return And(
                    t.Days is { Count: > 0 } days ? InMask(Expression.Property(Context, nameof(RuleContext.Day)), days.Select(d => (int)d)) : null,
                    hours,
                    t.Peak is { } peak ? Expression.Equal(Expression.Property(Context, nameof(RuleContext.Peak)), Expression.Constant(peak)) : null);
            }

            case NoteCondition n:
                return Expression.Call(
                    Matcher(nameof(RuleMatchers.ContainsAny)),
                    Fact(nameof(RuleFacts.FoldedNote)),
                    Expression.Constant(n.Keywords.Select(k => TextFold.Fold(k).Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToArray()));
            case StockCondition s:
                scan.Stock = true;
                return Expression.Call(
                    Matcher(nameof(RuleMatchers.AnyStock)), Facts, Expression.Constant(s.MaxAvailable ?? -1), Expression.Constant(s.BelowSafety, typeof(bool?)), Expression.Constant(s.NoInboundWithinDays ?? 0));
            case WarehouseCondition w:
                scan.Warehouses = true;
                return Expression.Call(
                    Matcher(nameof(RuleMatchers.AnyWarehouse)),
                    Facts,
                    Expression.Constant(w.WarehouseId, typeof(string)),
                    Expression.Constant(Mask((w.Status ?? []).Select(s => (int)s))),
                    Expression.Constant(w.MinSaturation ?? -1));
            default:
                throw new DomainException("rules.invalid", $"Unknown condition {condition.GetType().Name}.");
        }
    }

    private static Action<DecisionBuilder> Action(RuleAction action) => action switch
    {
        RoutingWeightsAction w => b => b.Weights(w.Transit, w.Cost, w.SplitPenalty, w.Saturation, w.Carbon),
        ExcludeWarehousesAction e => Prepared(e.Warehouses, static (b, list) => b.Exclude(list)),
        PreferWarehousesAction p => Prepared(p.Warehouses, (b, list) => b.Prefer(list, p.Bonus)),
        MaxSplitsAction m => b => b.MaxShipments(m.Shipments),
        ShipTogetherAction => static b => b.ShipTogether(),
        SlaAction s => b => b.Sla(s.Hours, s.Confidence),
        PriorityAction p => b => b.Priority(p.Level),
        HoldAction h => b => b.Hold(h.Reason),
        AttachInsertAction i => Insert(i.Kind == InsertKind.Gift ? $"gift:{i.Item}" : i.Item),
        BlockMergeAction => static b => b.BlockMerge(),
        CarrierServiceAction c => b => b.Service(c.Service, c.Carrier),
        PromiseConfidenceAction p => b => b.Confidence(p.Target),
        TagAction t => Prepared(t.Tags, static (b, list) => b.Tag(list)),
        _ => throw new DomainException("rules.invalid", $"Unknown action {action.GetType().Name}."),
    };

    private static Action<DecisionBuilder> Insert(string item) => b => b.Insert(item);

    private static Action<DecisionBuilder> Prepared(IReadOnlyList<string> values, Action<DecisionBuilder, string[]> apply)
    {
        var list = values.ToArray();
        return b => apply(b, list);
    }

    private static Expression Fact(string name) => Expression.Property(Facts, name);

    private static Expression AsInt(Expression value) => Expression.Convert(value, typeof(int));

    private static Expression InMask(Expression enumValue, IEnumerable<int> values) =>
        Expression.NotEqual(
            Expression.And(Expression.LeftShift(Expression.Constant(1), AsInt(enumValue)), Expression.Constant(Mask(values))),
            Expression.Constant(0));

    private static int Mask(IEnumerable<int> values) => values.Aggregate(0, static (mask, v) => mask | (1 << v));

    /// <summary>Membership, ignoring case: a few names compare directly (cheaper than hashing), more use a hash set.</summary>
    private static Expression InSet(Expression value, IReadOnlyList<string> values)
    {
        var distinct = values.Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count <= 4)
        {
            var equals = typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string), typeof(StringComparison)])!;
            return distinct
                .Select(v => (Expression)Expression.Call(equals, value, Expression.Constant(v), Expression.Constant(StringComparison.OrdinalIgnoreCase)))
                .Aggregate(Expression.OrElse);
        }

        return Expression.Call(
            Expression.Constant(new HashSet<string>(distinct, StringComparer.OrdinalIgnoreCase)),
            typeof(HashSet<string>).GetMethod(nameof(HashSet<string>.Contains))!,
            value);
    }

    private static Expression? Compare<T>(Expression fact, T? bound, ExpressionType kind)
        where T : struct =>
        bound is { } value ? Expression.MakeBinary(kind, fact, Expression.Constant(value)) : null;

    private static Expression And(params Expression?[] parts)
    {
        var present = parts.OfType<Expression>().ToList();
        return present.Count == 0 ? Expression.Constant(true) : present.Aggregate(Expression.AndAlso);
    }

    private static MethodInfo Matcher(string name) => typeof(RuleMatchers).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;

    private sealed class Scan
    {
        public bool Stock { get; set; }

        public bool Warehouses { get; set; }
    }
}

/// <summary>The fact matchers compiled conditions call (over lines, stock, warehouses, notes).</summary>
public static class RuleMatchers
{
    public static bool StartsWithAny(string value, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool AnyLine(RuleFacts facts, HashSet<string> skus, string[] prefixes, int minQuantity)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(skus);
        foreach (var line in facts.Lines)
        {
            if (line.Quantity >= minQuantity && (skus.Contains(line.Sku) || StartsWithAny(line.Sku, prefixes)))
            {
                return true;
            }
        }

        return false;
    }

    public static bool ContainsAny(string foldedNote, string[] foldedKeywords)
    {
        ArgumentNullException.ThrowIfNull(foldedNote);
        if (foldedNote.Length == 0)
        {
            return false;
        }

        foreach (var keyword in foldedKeywords)
        {
            if (foldedNote.Contains(keyword, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Some line's SKU meets every given stock bound (-1 / null / 0: not given).</summary>
    public static bool AnyStock(RuleFacts facts, int maxAvailable, bool? belowSafety, int noInboundWithinDays)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Stock is not { } stock)
        {
            return false;
        }

        var today = DateOnly.FromDateTime(facts.Now.UtcDateTime);
        foreach (var line in facts.Lines)
        {
            var fact = stock.TryGetValue(line.Sku, out var known) ? known : default;
            var below = fact.Available == 0 && fact.OnHand > 0;
            if ((maxAvailable < 0 || fact.Available <= maxAvailable)
                && (belowSafety is null || below == belowSafety)
                && (noInboundWithinDays <= 0 || fact.NextInbound is null || fact.NextInbound > today.AddDays(noInboundWithinDays)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The warehouse (or any, when <paramref name="warehouseId"/> is null) has a status in the mask (0: any) and at least the saturation (negative: any).</summary>
    public static bool AnyWarehouse(RuleFacts facts, string? warehouseId, int statusMask, double minSaturation)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Warehouses is not { } warehouses)
        {
            return false;
        }

        foreach (var warehouse in warehouses)
        {
            if ((warehouseId is null || string.Equals(warehouse.Profile.WarehouseId, warehouseId, StringComparison.OrdinalIgnoreCase))
                && (statusMask == 0 || (statusMask & (1 << (int)warehouse.Status)) != 0)
                && (minSaturation < 0 || warehouse.Saturation >= minSaturation))
            {
                return true;
            }
        }

        return false;
    }
}
