using Microsoft.CodeAnalysis;

namespace OrderGrains.Runtime.Tests.Generators;

public sealed class GeneratorCachingTests
{
    private static readonly Dictionary<string, string> Sources = new()
    {
        ["Interfaces.cs"] = """
            using System.Threading.Tasks;
            using OrderGrains.Runtime;

            namespace Sample;

            public interface IPing : IGrainWithStringKey { Task<int> Ping(int value); }
            """,
        ["Grains.cs"] = """
            using System.Threading.Tasks;
            using OrderGrains.Runtime;

            namespace Sample;

            public sealed class PingGrain : Grain, IPing
            {
                public Task<int> Ping(int value) => Task.FromResult(value + 1);
            }
            """,
    };

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(static s => s.Outputs).Select(static o => o.Reason);

    [Fact]
    public void Editing_a_method_body_reuses_the_cached_models()
    {
        var result = GeneratorHarness.RunAfterEdit(Sources, "Grains.cs", static text => text.Replace("value + 1", "value + 2", StringComparison.Ordinal));

        // The transforms may run again (the compilation changed) but produce equal models, so nothing downstream reruns.
        Assert.All(
            Reasons(result, "GrainInterfaces").Concat(Reasons(result, "GrainClasses")),
            static r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Adding_a_method_to_the_interface_changes_its_model()
    {
        var result = GeneratorHarness.RunAfterEdit(Sources, "Interfaces.cs", static text => text.Replace("Task<int> Ping(int value);", "Task<int> Ping(int value); Task Reset();", StringComparison.Ordinal));

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, "GrainInterfaces"));
        Assert.Contains(result.GeneratedSources, static s => s.SourceText.ToString().Contains("IPing_Reset_1_Request", StringComparison.Ordinal));
    }
}
