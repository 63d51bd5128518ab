using System.Diagnostics;
using System.Globalization;
using OrderGrains.Bench.Harness;
using OrderGrains.Bench.Rules;
using OrderGrains.Grains.Rules;
using OrderGrains.Interfaces;
using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Bench.Scenarios;

/// <summary>
/// Evaluations per second of a 50-rule set compiled once (expression trees to delegates) for varied orders, against
/// the same 50 rules hand-written in C# in the same run (baseline). Both build the same decision; the run is invalid
/// if any decision differs. Facts are built once beforehand (gathering them is the order grain's cost, not the rules').
/// </summary>
public sealed class RulesScenario(BenchArgs args) : IScenario
{
    public const string Name = "rules";

    private readonly double _seconds = args.GetDouble("seconds", 5, min: 0.5);
    private readonly int _orders = args.GetInt("orders", 10_000);

    public Task<ScenarioResult> RunAsync()
    {
        var compileWatch = Stopwatch.StartNew();
        var compiled = RuleCompiler.Compile(BenchRuleSet.Json(), 1);
        var compileMs = compileWatch.Elapsed.TotalMilliseconds;
        var facts = Facts(_orders);

        var mismatches = facts.Count(f => !Same(compiled.Evaluate(f), BenchRuleSet.HandWritten(f)));
        var matchedPerOrder = facts.Average(f => compiled.Evaluate(f).MatchedRules.Count);
        ResultWriter.Progress($"{Name}: {compiled.RuleCount} rules compiled in {compileMs:0} ms; {facts.Count:N0} orders, {matchedPerOrder:0.0} matches per order, {mismatches} mismatches");

        Measure(f => compiled.Evaluate(f), facts, 0.5);
        Measure(BenchRuleSet.HandWritten, facts, 0.5);

        // Alternating slices, so a change of machine load (the machine is shared) hits both sides alike.
        double compiledCount = 0, compiledTime = 0, handCount = 0, handTime = 0;
        for (var slice = 0; slice < Math.Max(2, (int)(_seconds / 0.25)); slice++)
        {
            var rate = Measure(f => compiled.Evaluate(f), facts, 0.125);
            compiledCount += rate * 0.125;
            compiledTime += 0.125;
            rate = Measure(BenchRuleSet.HandWritten, facts, 0.125);
            handCount += rate * 0.125;
            handTime += 0.125;
        }

        var compiledRate = compiledCount / compiledTime;
        var handRate = handCount / handTime;
        ResultWriter.Progress($"{Name}: compiled {compiledRate:N0}/s, hand-written {handRate:N0}/s");

        var json = ResultWriter.Create(Name, compiledRate, "evaluations/s (50 rules)", handRate);
        json["rules"] = compiled.RuleCount;
        json["compile_ms"] = ResultWriter.Round(compileMs, 1);
        json["matches_per_order"] = ResultWriter.Round(matchedPerOrder, 2);
        json["ns_per_evaluation"] = ResultWriter.Round(1e9 / compiledRate, 1);
        json["mismatches"] = mismatches;
        return Task.FromResult(mismatches == 0
            ? new ScenarioResult(json)
            : new ScenarioResult(json, Valid: false, Problem: $"{mismatches} orders decided differently by the compiled and the hand-written rules."));
    }

    private static double Measure(Func<RuleFacts, Interfaces.Rules.RuleDecision> evaluate, List<RuleFacts> facts, double seconds)
    {
        var watch = Stopwatch.StartNew();
        long count = 0;
        var sink = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            foreach (var f in facts)
            {
                sink += evaluate(f).Priority;
            }

            count += facts.Count;
        }

        GC.KeepAlive(sink);
        return count / watch.Elapsed.TotalSeconds;
    }

    private static bool Same(Interfaces.Rules.RuleDecision a, Interfaces.Rules.RuleDecision b) => a.DifferencesFrom(b).Count == 0 && a.MatchedRules.SequenceEqual(b.MatchedRules);

    private static List<RuleFacts> Facts(int count)
    {
        var random = new Random(8);
        string?[] notes = [null, null, null, "URGENT please", "请急发", "生日礼物 for mum", "ＡＳＡＰ", "fragile, 易碎", "leave at door", "gift wrap please"];
        var start = new DateTimeOffset(2026, 6, 18, 0, 0, 0, TimeSpan.Zero);
        var list = new List<RuleFacts>(count);
        for (var i = 0; i < count; i++)
        {
            var lines = Enumerable.Range(0, 1 + random.Next(3))
                .Select(_ => (BenchRuleSet.Prefixes[random.Next(BenchRuleSet.Prefixes.Length)] + random.Next(1000).ToString(CultureInfo.InvariantCulture), 1 + random.Next(2), (decimal)random.Next(20, 900), false))
                .ToList();
            var city = BenchRuleSet.Cities[random.Next(BenchRuleSet.Cities.Length)];
            var customer = new CustomerProfile($"C-{i}", "x", (CustomerTier)random.Next(4), new CustomerPreferences(), [], new CustomerHistory(random.Next(30), 0, 0, 0));
            list.Add(RuleFacts.For(
                $"O-{i}", customer.CustomerId, BenchRuleSet.Channels[random.Next(3)], lines,
                new Address("x", "1 Road", city, city, "000000", "CN", 31, 121),
                random.NextDouble() < 0.1, (ShippingSpeed)random.Next(3), notes[random.Next(notes.Length)], customer, start.AddMinutes(random.Next(24 * 60))));
        }

        return list;
    }
}
