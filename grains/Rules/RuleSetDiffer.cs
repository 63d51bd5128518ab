using System.Text.Json;
using OrderGrains.Interfaces.Rules;

namespace OrderGrains.Grains.Rules;

/// <summary>Differences between two rule sets: rule-set settings, groups (mode, priority) and rules, by name.</summary>
public static class RuleSetDiffer
{
    public static IReadOnlyList<RuleChange> Diff(RuleSetDocument before, RuleSetDocument after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<RuleChange>();
        Setting("$.name", before.Name, after.Name);
        Setting("$.timeZone", before.TimeZone, after.TimeZone);
        Setting("$.peakPeriods", before.PeakPeriods, after.PeakPeriods);
        Setting("$.productSets", before.ProductSets, after.ProductSets);
        var groups = before.Groups.Select(g => g.Name).Union(after.Groups.Select(g => g.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var name in groups)
        {
            var a = before.Groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
            var b = after.Groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
            Setting(name, a is null ? null : new { a.Mode, a.Priority }, b is null ? null : new { b.Mode, b.Priority });
            var rules = (a?.Rules ?? []).Select(r => r.Name).Union((b?.Rules ?? []).Select(r => r.Name), StringComparer.OrdinalIgnoreCase);
            foreach (var rule in rules)
            {
                var ra = a?.Rules.FirstOrDefault(r => string.Equals(r.Name, rule, StringComparison.OrdinalIgnoreCase));
                var rb = b?.Rules.FirstOrDefault(r => string.Equals(r.Name, rule, StringComparison.OrdinalIgnoreCase));
                Setting($"{name}/{rule}", ra, rb);
            }
        }

        return changes;

        void Setting<T>(string path, T? a, T? b)
        {
            var ja = a is null ? null : JsonSerializer.Serialize(a, RuleSetJson.Options).ReplaceLineEndings(" ");
            var jb = b is null ? null : JsonSerializer.Serialize(b, RuleSetJson.Options).ReplaceLineEndings(" ");
            if (ja == jb)
            {
                return;
            }

            changes.Add(new RuleChange(ja is null ? "added" : jb is null ? "removed" : "changed", path, Compact(ja), Compact(jb)));
        }

        static string? Compact(string? json) => json is null ? null : JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
    }
}
