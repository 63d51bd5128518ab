using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrderGrains.Grains.Rules;
using OrderGrains.Interfaces.Rules;
using static OrderGrains.Domain.Tests.Rules.RuleTestData;

namespace OrderGrains.Domain.Tests.Rules;

public sealed class RuleSetLifecycleTests : IAsyncLifetime
{
    private DomainHarness _harness = null!;

    private IRuleSetGrain RuleSet => _harness.Grains.GetGrain<IRuleSetGrain>(RuleKeys.RuleSet);

    public async Task InitializeAsync() => _harness = await DomainHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Draft_validated_active_then_retired_and_rollback_in_one_call()
    {
        var v1 = await RuleSet.CreateDraft(OneRule("""{ "type": "always" }""", """{ "type": "priority", "level": 60 }"""), "ops-anna", "first");
        Assert.Equal(RuleSetVersionStatus.Draft, v1.Summary.Status);
        var refused = await Assert.ThrowsAsync<DomainException>(() => RuleSet.Activate(1, "ops-anna", null, null, null));
        Assert.Equal("rules.invalid-transition", refused.Code);

        Assert.Equal(RuleSetVersionStatus.Validated, (await RuleSet.Validate(1, "ops-anna")).Summary.Status);
        Assert.Equal(1, (await RuleSet.Activate(1, "ops-anna", "go live", null, null)).ActiveVersion);

        await RuleSet.CreateDraft(OneRule("""{ "type": "always" }""", """{ "type": "priority", "level": 70 }"""), "ops-ben", "second");
        await RuleSet.Validate(2, "ops-ben");
        var afterV2 = await RuleSet.Activate(2, "ops-ben", null, null, null);
        Assert.Equal(2, afterV2.ActiveVersion);
        Assert.Equal(RuleSetVersionStatus.Retired, afterV2.Versions.Single(v => v.VersionId == 1).Status);

        var rolledBack = await RuleSet.Rollback(1, "ops-anna", "v2 misroutes");
        Assert.Equal(1, rolledBack.ActiveVersion);
        Assert.Equal(RuleSetVersionStatus.Active, rolledBack.Versions.Single(v => v.VersionId == 1).Status);
        Assert.Equal(RuleSetVersionStatus.Retired, rolledBack.Versions.Single(v => v.VersionId == 2).Status);
        var latest = rolledBack.History[0];
        Assert.Equal(("rolled-back", 1, "ops-anna", "v2 misroutes"), (latest.Action, latest.VersionId, latest.Author, latest.Comment));

        // Versions never change: the text of v1 is what was submitted.
        Assert.Contains("\"level\": 60", (await RuleSet.GetVersion(1))!.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_draft_stays_a_draft_with_its_problems_and_cannot_be_activated()
    {
        var draft = await RuleSet.CreateDraft(OneRule("""{ "type": "customerTier", "atLeast": "platinum" }""", """{ "type": "priority", "level": 1 }"""), "ops", null);
        Assert.NotEmpty(draft.Problems);
        var validated = await RuleSet.Validate(draft.Summary.VersionId, "ops");
        Assert.Equal(RuleSetVersionStatus.Draft, validated.Summary.Status);
        Assert.Contains(validated.Problems, p => p.Line == 4 && p.Path.EndsWith("atLeast", StringComparison.Ordinal));
        await Assert.ThrowsAsync<DomainException>(() => RuleSet.Activate(draft.Summary.VersionId, "ops", null, null, null));
        Assert.Null((await RuleSet.GetOverview()).ActiveVersion);
    }

    [Fact]
    public async Task Versions_and_the_active_one_survive_a_silo_restart()
    {
        await ActivateAsync(OneRule("""{ "type": "always" }""", """{ "type": "tag", "tags": ["kept"] }"""));
        await _harness.RestartAsync();
        var overview = await RuleSet.GetOverview();
        Assert.Equal(1, overview.ActiveVersion);
        Assert.Single(overview.Versions);
    }

    [Fact]
    public async Task The_diff_lists_added_removed_and_changed_rules()
    {
        await RuleSet.CreateDraft("""
            { "name": "a", "groups": [ { "name": "g", "mode": "allMatch", "rules": [
              { "name": "keep", "when": { "type": "always" }, "then": [ { "type": "priority", "level": 1 } ] },
              { "name": "edit", "when": { "type": "gift" }, "then": [ { "type": "priority", "level": 2 } ] },
              { "name": "drop", "when": { "type": "gift" }, "then": [ { "type": "blockMerge" } ] } ] } ] }
            """, "ops", null);
        await RuleSet.CreateDraft("""
            { "name": "a", "groups": [ { "name": "g", "mode": "allMatch", "rules": [
              { "name": "keep", "when": { "type": "always" }, "then": [ { "type": "priority", "level": 1 } ] },
              { "name": "edit", "when": { "type": "gift" }, "then": [ { "type": "priority", "level": 3 } ] },
              { "name": "new", "when": { "type": "gift" }, "then": [ { "type": "tag", "tags": ["x"] } ] } ] } ] }
            """, "ops", null);
        var diff = await RuleSet.Diff(1, 2);
        Assert.Equal(
            [("changed", "g/edit"), ("removed", "g/drop"), ("added", "g/new")],
            diff.Changes.Select(c => (c.Kind, c.Path)).ToList());
    }

    [Fact]
    public async Task A_change_reaches_the_silo_cache_within_a_second()
    {
        var cache = _harness.Silo.Services.GetRequiredService<RuleSetCache>();
        await ActivateAsync(OneRule("""{ "type": "always" }""", """{ "type": "priority", "level": 60 }"""));
        var v2 = await RuleSet.CreateDraft(OneRule("""{ "type": "always" }""", """{ "type": "priority", "level": 70 }"""), "ops", null);
        await RuleSet.Validate(v2.Summary.VersionId, "ops");
        Assert.Equal(1, (await cache.GetAsync()).Active[0].Rules.VersionId);

        await RuleSet.Activate(v2.Summary.VersionId, "ops", null, null, null);
        var watch = Stopwatch.StartNew();
        while ((await cache.GetAsync()).Active[0].Rules.VersionId != 2)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), "the silo did not see the new version within a second");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task An_activation_with_a_future_window_leaves_the_previous_version_deciding_until_then()
    {
        var cache = _harness.Silo.Services.GetRequiredService<RuleSetCache>();
        await ActivateAsync(OneRule("""{ "type": "always" }""", """{ "type": "priority", "level": 60 }"""));
        var v2 = await RuleSet.CreateDraft(OneRule("""{ "type": "always" }""", """{ "type": "priority", "level": 70 }"""), "ops", null);
        await RuleSet.Validate(2, "ops");
        var from = DateTimeOffset.UtcNow.AddHours(1);
        await RuleSet.Activate(2, "ops", "after the sale", from, from.AddDays(1));
        var snapshot = await WaitForStampAsync(cache);

        Assert.Equal(1, snapshot.Select("C-1", "web", DateTimeOffset.UtcNow).Deciding!.VersionId);
        Assert.Equal(2, snapshot.Select("C-1", "web", from.AddMinutes(1)).Deciding!.VersionId);
        Assert.Equal(1, snapshot.Select("C-1", "web", from.AddDays(2)).Deciding!.VersionId);
        Assert.Equal(from, (await RuleSet.GetVersion(v2.Summary.VersionId))!.Summary.EffectiveFrom);
    }

    private async Task<RuleSetSnapshot> WaitForStampAsync(RuleSetCache cache)
    {
        var stamp = await RuleSet.GetStamp();
        var watch = Stopwatch.StartNew();
        RuleSetSnapshot snapshot;
        while ((snapshot = await cache.GetAsync()).Stamp != stamp)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        return snapshot;
    }

    private async Task ActivateAsync(string json)
    {
        var draft = await RuleSet.CreateDraft(json, "ops", null);
        await RuleSet.Validate(draft.Summary.VersionId, "ops");
        await RuleSet.Activate(draft.Summary.VersionId, "ops", null, null, null);
    }
}
