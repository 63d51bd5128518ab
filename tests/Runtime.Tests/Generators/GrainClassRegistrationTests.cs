namespace OrderGrains.Runtime.Tests.Generators;

public sealed class GrainClassRegistrationTests
{
    private static string Registrations(string source)
    {
        var result = GeneratorHarness.Run(source);
        Assert.True(result.Problems.Count == 0, result.Describe());
        return result.Generated("GrainRegistrations.g.cs");
    }

    private static string Descriptor(string registrations, string className)
    {
        var marker = "ClassType = typeof(global::Sample." + className + "),";
        var at = registrations.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{className} is not registered:\n{registrations}");
        var start = registrations.LastIndexOf("RegisterGrainClass(", at, StringComparison.Ordinal);
        var end = registrations.IndexOf("});", at, StringComparison.Ordinal);
        return registrations[start..end];
    }

    [Theory]
    [InlineData("StockSlotGrain", "stock-slot")]
    [InlineData("PingGrain", "ping")]
    [InlineData("HTTPThing", "http-thing")]
    [InlineData("Order2PayGrain", "order2-pay")]
    [InlineData("Grain2", "grain2")]
    [InlineData("IOGrain", "io")]
    public void Default_grain_type_is_the_kebab_cased_class_name_without_Grain_suffix(string className, string grainType)
    {
        var text = Registrations($$"""
            using OrderGrains.Runtime;

            namespace Sample;

            public sealed class {{className}} : Grain { }
            """);

        Assert.Contains("GrainType = \"" + grainType + "\",", Descriptor(text, className), StringComparison.Ordinal);
    }

    [Fact]
    public void GrainType_attribute_names_the_grain_type()
    {
        var text = Registrations("""
            using OrderGrains.Runtime;

            namespace Sample;

            [GrainType("stock")]
            public sealed class InventoryGrain : Grain { }
            """);

        Assert.Contains("GrainType = \"stock\",", Descriptor(text, "InventoryGrain"), StringComparison.Ordinal);
    }

    [Fact]
    public void Grain_interfaces_of_the_class_are_listed_without_marker_interfaces()
    {
        var text = Registrations("""
            using System.Threading.Tasks;
            using OrderGrains.Runtime;

            namespace Sample;

            public interface IBase : IGrainWithStringKey { Task A(); }
            public interface IDerived : IBase { Task B(); }
            public interface INotGrain { }

            public sealed class WorkGrain : Grain, IDerived, IRemindable, INotGrain
            {
                public Task A() => Task.CompletedTask;
                public Task B() => Task.CompletedTask;
                public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
            }
            """);

        var descriptor = Descriptor(text, "WorkGrain");
        Assert.Contains("typeof(global::Sample.IDerived)", descriptor, StringComparison.Ordinal);
        Assert.Contains("typeof(global::Sample.IBase)", descriptor, StringComparison.Ordinal);
        Assert.Contains("typeof(global::OrderGrains.Runtime.IRemindable)", descriptor, StringComparison.Ordinal);
        Assert.DoesNotContain("INotGrain", descriptor, StringComparison.Ordinal);
        Assert.DoesNotContain("IGrainWithStringKey", descriptor, StringComparison.Ordinal);
        Assert.DoesNotContain("typeof(global::OrderGrains.Runtime.IGrain)", descriptor, StringComparison.Ordinal);
    }

    [Fact]
    public void Grain_class_without_grain_interfaces_is_still_registered()
    {
        var text = Registrations("""
            using OrderGrains.Runtime;

            namespace Sample;

            public sealed class ListenerGrain : Grain { }
            """);

        var descriptor = Descriptor(text, "ListenerGrain");
        Assert.Contains("Interfaces = global::System.Array.Empty<global::System.Type>(),", descriptor, StringComparison.Ordinal);
        Assert.Contains("Factory = static (sp, ctx) => new global::Sample.ListenerGrain(),", descriptor, StringComparison.Ordinal);
        Assert.DoesNotContain("IsReentrant", descriptor, StringComparison.Ordinal);
        Assert.DoesNotContain("StatelessWorkerMaxLocal", descriptor, StringComparison.Ordinal);
        Assert.DoesNotContain("CollectionAge", descriptor, StringComparison.Ordinal);
        Assert.DoesNotContain("ImplicitStreamNamespaces", descriptor, StringComparison.Ordinal);
    }

    [Fact]
    public void Abstract_grain_classes_are_not_registered_but_their_subclasses_are()
    {
        var text = Registrations("""
            using OrderGrains.Runtime;

            namespace Sample;

            [Reentrant]
            public abstract class BaseGrain : Grain { }

            public sealed class LeafGrain : BaseGrain { }
            """);

        Assert.DoesNotContain("typeof(global::Sample.BaseGrain)", text, StringComparison.Ordinal);
        Assert.Contains("IsReentrant = true,", Descriptor(text, "LeafGrain"), StringComparison.Ordinal);
    }

    [Fact]
    public void Class_attributes_set_descriptor_flags()
    {
        var text = Registrations("""
            using OrderGrains.Runtime;

            namespace Sample;

            [Reentrant]
            [StatelessWorker(4)]
            [CollectionAge(2.5)]
            [ImplicitStreamSubscription("orders")]
            [ImplicitStreamSubscription("payments")]
            public sealed class BusyGrain : Grain { }

            [StatelessWorker]
            public sealed class WorkerGrain : Grain { }
            """);

        var busy = Descriptor(text, "BusyGrain");
        Assert.Contains("IsReentrant = true,", busy, StringComparison.Ordinal);
        Assert.Contains("StatelessWorkerMaxLocal = 4,", busy, StringComparison.Ordinal);
        Assert.Contains("CollectionAge = global::System.TimeSpan.FromMinutes(2.5d),", busy, StringComparison.Ordinal);
        Assert.Contains("ImplicitStreamNamespaces = new string[] { \"orders\", \"payments\" },", busy, StringComparison.Ordinal);
        Assert.Contains("StatelessWorkerMaxLocal = 0,", Descriptor(text, "WorkerGrain"), StringComparison.Ordinal);
    }

    [Fact]
    public void Persistent_state_parameters_are_bound_through_the_grain_context()
    {
        var text = Registrations("""
            using OrderGrains.Runtime;

            namespace Sample;

            public sealed class CartState { }
            public sealed class AuditState { }

            public sealed class CartGrain(
                [PersistentState("cart", "orders-store")] IPersistentState<CartState> cart,
                [PersistentState("audit")] IPersistentState<AuditState?> audit) : Grain
            {
                public IPersistentState<CartState> Cart { get; } = cart;
                public IPersistentState<AuditState?> Audit { get; } = audit;
            }
            """);

        var descriptor = Descriptor(text, "CartGrain");
        Assert.Contains("ctx.GetPersistentState<global::Sample.CartState>(\"cart\", \"orders-store\"),", descriptor, StringComparison.Ordinal);
        Assert.Contains("ctx.GetPersistentState<global::Sample.AuditState?>(\"audit\", null))", descriptor, StringComparison.Ordinal);
    }

    [Fact]
    public void Services_context_and_factory_parameters_are_resolved_without_reflection()
    {
        var text = Registrations("""
            using OrderGrains.Runtime;

            namespace Sample;

            public interface IClock { }
            public interface IAudit { }
            public enum Mode { Fast = 1, Safe = 2 }

            public sealed class ShopGrain : Grain
            {
                public ShopGrain() { }

                public ShopGrain(
                    IClock clock,
                    IGrainContext context,
                    IGrainFactory factory,
                    System.IServiceProvider services,
                    IAudit? audit,
                    string region = "eu",
                    int retries = 3,
                    Mode mode = Mode.Safe,
                    IClock? fallback = null)
                {
                }
            }
            """);

        var descriptor = Descriptor(text, "ShopGrain");
        Assert.Contains(
            "(global::Sample.IClock)(sp.GetService(typeof(global::Sample.IClock)) ?? throw new global::System.InvalidOperationException(\"No service of type Sample.IClock is registered (needed by Sample.ShopGrain).\")),",
            descriptor,
            StringComparison.Ordinal);
        Assert.Matches("\\n\\s+ctx,\\n", descriptor);
        Assert.Contains("ctx.GrainFactory,", descriptor, StringComparison.Ordinal);
        Assert.Matches("\\n\\s+sp,\\n", descriptor);
        Assert.Contains("(global::Sample.IAudit?)sp.GetService(typeof(global::Sample.IAudit)),", descriptor, StringComparison.Ordinal);
        Assert.Contains("sp.GetService(typeof(string)) is string p5 ? p5 : \"eu\",", descriptor, StringComparison.Ordinal);
        Assert.Contains("sp.GetService(typeof(int)) is int p6 ? p6 : (int)(3),", descriptor, StringComparison.Ordinal);
        Assert.Contains("sp.GetService(typeof(global::Sample.Mode)) is global::Sample.Mode p7 ? p7 : (global::Sample.Mode)(2),", descriptor, StringComparison.Ordinal);
        Assert.Contains("sp.GetService(typeof(global::Sample.IClock)) is global::Sample.IClock p8 ? p8 : default(global::Sample.IClock?)!)", descriptor, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.Extensions", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Partial_grain_class_is_registered_once()
    {
        var text = Registrations("""
            using OrderGrains.Runtime;

            namespace Sample;

            public sealed partial class SplitGrain : Grain { }
            public sealed partial class SplitGrain { }
            """);

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "typeof\\(global::Sample.SplitGrain\\)"));
    }
}
