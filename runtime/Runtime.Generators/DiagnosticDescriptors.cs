using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace OrderGrains.Runtime.Generators;

/// <summary>Diagnostics reported by the OrderGrains generator (category "OrderGrains").</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "OrderGrains";

    public static readonly DiagnosticDescriptor UnsupportedReturnType = new(
        "OG0001",
        "Grain interface methods must return Task, Task<T>, ValueTask or ValueTask<T>",
        "Grain interface method '{0}' returns '{1}'; grain interface methods must return Task, Task<T>, ValueTask or ValueTask<T>",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericMethod = new(
        "OG0002",
        "Grain interface methods must not be generic",
        "Grain interface method '{0}' is generic; generic grain methods are not supported",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedParameter = new(
        "OG0003",
        "Grain interface method parameters must be passed by value",
        "Parameter '{0}' of grain interface method '{1}' is not supported: ref, out, in, pointer and ref struct parameters cannot be sent in a grain request",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedMember = new(
        "OG0004",
        "Grain interfaces may only declare methods",
        "Grain interface member '{0}' is not supported; grain interfaces may declare only instance methods (no properties, indexers, events or static abstract members)",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericInterface = new(
        "OG0005",
        "Grain interfaces must not be generic",
        "Grain interface '{0}' is generic (or nested in a generic type); generic grain interfaces are not supported",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoPublicConstructor = new(
        "OG0006",
        "Grain classes need a public constructor",
        "Grain class '{0}' has no public constructor; the generated factory can only call public constructors",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidPersistentStateParameter = new(
        "OG0007",
        "[PersistentState] parameters must be IPersistentState<T>",
        "Parameter '{0}' of grain class '{1}' has [PersistentState] but its type is '{2}'; it must be OrderGrains.Runtime.IPersistentState<T>",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InaccessibleType = new(
        "OG0008",
        "Grain interfaces and grain classes must be at least internal",
        "'{0}' is not visible to generated code; grain interfaces and grain classes must be at least internal (not private, protected or file-local)",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericGrainClass = new(
        "OG0009",
        "Grain classes must not be generic",
        "Grain class '{0}' is generic (or nested in a generic type); the runtime cannot construct open generic grain classes",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidGrainType = new(
        "OG0010",
        "Invalid grain type name",
        "Grain type name '{0}' of grain class '{1}' is invalid; it must be non-empty and must not contain '/'",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateGrainType = new(
        "OG0011",
        "Duplicate grain type name",
        "Grain classes '{0}' and '{1}' both have grain type '{2}'; use [GrainType] to give one of them another name",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new()
    {
        [UnsupportedReturnType.Id] = UnsupportedReturnType,
        [GenericMethod.Id] = GenericMethod,
        [UnsupportedParameter.Id] = UnsupportedParameter,
        [UnsupportedMember.Id] = UnsupportedMember,
        [GenericInterface.Id] = GenericInterface,
        [NoPublicConstructor.Id] = NoPublicConstructor,
        [InvalidPersistentStateParameter.Id] = InvalidPersistentStateParameter,
        [InaccessibleType.Id] = InaccessibleType,
        [GenericGrainClass.Id] = GenericGrainClass,
        [InvalidGrainType.Id] = InvalidGrainType,
        [DuplicateGrainType.Id] = DuplicateGrainType,
    };

    public static DiagnosticDescriptor Get(string id) => ById[id];
}
