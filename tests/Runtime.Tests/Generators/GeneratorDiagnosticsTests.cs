using Microsoft.CodeAnalysis;

namespace OrderGrains.Runtime.Tests.Generators;

public sealed class GeneratorDiagnosticsTests
{
    private static GeneratorHarness.Result RunInterface(string members, string declaration = "public interface IBad : IGrainWithStringKey") =>
        GeneratorHarness.Run($$"""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using OrderGrains.Runtime;

            namespace Sample;

            {{declaration}}
            {
                {{members}}
            }
            """);

    private static Diagnostic Single(GeneratorHarness.Result result, string id)
    {
        var diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("OrderGrains", diagnostic.Descriptor.Category);
        return diagnostic;
    }

    /// <summary>An invalid interface gets no generated code, so the only errors are the generator's own.</summary>
    private static void AssertNoCascadingErrors(GeneratorHarness.Result result) =>
        Assert.True(result.CompilationDiagnostics.All(d => d.Severity < DiagnosticSeverity.Warning), result.Describe());

    [Fact]
    public void Method_returning_int_is_reported()
    {
        var result = RunInterface("int Count();");

        var diagnostic = Single(result, "OG0001");
        Assert.Contains("must return Task, Task<T>, ValueTask or ValueTask<T>", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("Count", SourceAt(result, diagnostic));
        Assert.DoesNotContain("IBad.g.cs", result.GeneratedSources.Keys);
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void Method_returning_void_is_reported()
    {
        var result = RunInterface("void Fire();");

        Single(result, "OG0001");
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void Method_returning_IAsyncEnumerable_is_reported()
    {
        var result = RunInterface("IAsyncEnumerable<int> Stream();");

        Single(result, "OG0001");
    }

    [Fact]
    public void Generic_method_is_reported()
    {
        var result = RunInterface("Task<T> Get<T>();");

        var diagnostic = Single(result, "OG0002");
        Assert.Equal("Get", SourceAt(result, diagnostic));
        AssertNoCascadingErrors(result);
    }

    [Theory]
    [InlineData("Task Set(ref int value);")]
    [InlineData("Task Set(out int value);")]
    [InlineData("Task Set(in int value);")]
    [InlineData("Task Set(ref readonly int value);")]
    [InlineData("unsafe Task Set(int* value);")]
    [InlineData("Task Set(System.Span<int> value);")]
    public void By_reference_pointer_and_ref_struct_parameters_are_reported(string member)
    {
        var result = RunInterface(member);

        var diagnostic = Single(result, "OG0003");
        Assert.Equal("value", SourceAt(result, diagnostic));
        AssertNoCascadingErrors(result);
    }

    [Theory]
    [InlineData("int Count { get; }", "Count")]
    [InlineData("int this[int index] { get; }", "this")]
    [InlineData("event System.EventHandler Changed;", "Changed")]
    public void Properties_indexers_and_events_are_reported(string member, string location)
    {
        var result = RunInterface(member);

        var diagnostic = Single(result, "OG0004");
        Assert.Equal(location, SourceAt(result, diagnostic));
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void Generic_grain_interface_is_reported()
    {
        var result = RunInterface("Task<T> Get();", "public interface IBad<T> : IGrainWithStringKey");

        var diagnostic = Single(result, "OG0005");
        Assert.Equal("IBad", SourceAt(result, diagnostic));
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void Interface_deriving_from_an_invalid_interface_is_not_generated()
    {
        var result = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            using OrderGrains.Runtime;

            namespace Sample;

            public interface IBase<T> : IGrainWithStringKey { Task<T> Get(); }
            public interface IDerived : IBase<int> { Task Other(); }
            """);

        Single(result, "OG0005");
        Assert.DoesNotContain("IDerived.g.cs", result.GeneratedSources.Keys);
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void Grain_interface_inheriting_an_unsupported_referenced_interface_is_reported_on_the_grain_interface()
    {
        var result = RunInterface("Task Work();", "public interface IBad : IGrainWithStringKey, System.IDisposable");

        var diagnostic = Single(result, "OG0001");
        Assert.Equal("IBad", SourceAt(result, diagnostic));
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void Private_nested_grain_interface_is_reported()
    {
        var result = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            using OrderGrains.Runtime;

            namespace Sample;

            public class Holder
            {
                private interface IHidden : IGrainWithStringKey { Task Do(); }
            }
            """);

        var diagnostic = Single(result, "OG0008");
        Assert.Equal("IHidden", SourceAt(result, diagnostic));
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void Grain_class_without_public_constructor_is_reported()
    {
        var result = GeneratorHarness.Run("""
            using OrderGrains.Runtime;

            namespace Sample;

            public sealed class HiddenGrain : Grain
            {
                private HiddenGrain() { }
            }
            """);

        var diagnostic = Single(result, "OG0006");
        Assert.Equal("HiddenGrain", SourceAt(result, diagnostic));
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void PersistentState_parameter_that_is_not_IPersistentState_is_reported()
    {
        var result = GeneratorHarness.Run("""
            using OrderGrains.Runtime;

            namespace Sample;

            public sealed class CartState { }

            public sealed class CartGrain([PersistentState("cart")] CartState state) : Grain
            {
                public CartState State { get; } = state;
            }
            """);

        var diagnostic = Single(result, "OG0007");
        Assert.Equal("state", SourceAt(result, diagnostic));
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void Private_nested_grain_class_is_reported()
    {
        var result = GeneratorHarness.Run("""
            using OrderGrains.Runtime;

            namespace Sample;

            public class Holder
            {
                private sealed class SecretGrain : Grain { }
            }
            """);

        Single(result, "OG0008");
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void Generic_grain_class_is_reported()
    {
        var result = GeneratorHarness.Run("""
            using OrderGrains.Runtime;

            namespace Sample;

            public sealed class BoxGrain<T> : Grain { }
            """);

        Single(result, "OG0009");
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void Grain_type_containing_a_slash_is_reported()
    {
        var result = GeneratorHarness.Run("""
            using OrderGrains.Runtime;

            namespace Sample;

            [GrainType("a/b")]
            public sealed class SlashGrain : Grain { }
            """);

        Single(result, "OG0010");
        AssertNoCascadingErrors(result);
    }

    [Fact]
    public void Two_grain_classes_with_the_same_grain_type_are_reported()
    {
        var result = GeneratorHarness.Run("""
            using OrderGrains.Runtime;

            namespace Sample;

            public sealed class OrderGrain : Grain { }

            [GrainType("order")]
            public sealed class LegacyOrderGrain : Grain { }
            """);

        var diagnostic = Single(result, "OG0011");
        Assert.Equal("OrderGrain", SourceAt(result, diagnostic));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Generated("GrainRegistrations.g.cs"), "GrainType = \"order\""));
    }

    /// <summary>The source text a diagnostic points at (the generator reports locations by file path and span).</summary>
    private static string SourceAt(GeneratorHarness.Result result, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("Source.cs", span.Path);
        var tree = result.OutputCompilation.SyntaxTrees.Single(t => t.FilePath == "Source.cs");
        return tree.GetText().ToString(diagnostic.Location.SourceSpan);
    }
}
