using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OrderGrains.Runtime.Generators;

// Equatable models: the incremental pipeline compares them to decide whether output must be regenerated, so they hold
// only strings, numbers and equatable arrays (never symbols, syntax nodes or Locations).

/// <summary>A source location that compares by value.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location) =>
        location?.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public static LocationInfo? From(ISymbol symbol) => symbol.Locations.Length == 0 ? null : From(symbol.Locations[0]);
}

/// <summary>A diagnostic to report, by descriptor id.</summary>
internal sealed record DiagnosticInfo(string DescriptorId, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(DiagnosticDescriptors.Get(DescriptorId), Location?.ToLocation(), [.. Arguments]);
}

internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>A parameter of a grain interface method.</summary>
// Name: The parameter name, escaped if it is a keyword.
// Type: Fully qualified type with nullable annotations.
// IsCancellationToken: The parameter is the method's cancellation token (stored apart from the arguments).
// IsParams: The parameter is a params array.
internal sealed record ParameterModel(string Name, string Type, bool IsCancellationToken, bool IsParams);

/// <summary>A method of a grain interface (declared by it or inherited).</summary>
// DeclaringInterface: Fully qualified name of the interface that declares the method.
// DeclaringInterfaceBaseName: Identifier-safe name of the declaring interface (containing types joined by '_').
// DeclaredInSource: The declaring interface is a grain interface of the current compilation, whose requests are generated with it; otherwise they are generated once per compilation in a shared file.
// Name: The method name (not escaped).
// Ordinal: Index of the method among the declaring interface's methods (distinguishes overloads).
internal sealed record MethodModel(
    string DeclaringInterface,
    string DeclaringInterfaceBaseName,
    bool DeclaredInSource,
    string Name,
    int Ordinal,
    ReturnKind ReturnKind,
    string ReturnType,
    string ResultType,
    EquatableArray<ParameterModel> Parameters,
    bool IsReadOnly,
    bool IsAlwaysInterleave,
    string? ResponseTimeoutSeconds);

/// <summary>A grain interface declared in the current compilation.</summary>
// IsValid: False if the interface or one of its members is unsupported; nothing is generated for it then.
// Methods: Own methods and those of inherited interfaces (IGrain markers excluded).
internal sealed record InterfaceModel(
    string FullyQualifiedName,
    string BaseName,
    bool IsValid,
    EquatableArray<MethodModel> Methods,
    EquatableArray<DiagnosticInfo> Diagnostics);

internal enum ConstructorArgumentKind
{
    /// <summary>A required service from the activation's service provider.</summary>
    Service,

    /// <summary>A service parameter with a default value used when the service is missing.</summary>
    OptionalService,

    /// <summary>A service parameter of nullable reference type without default: null when missing.</summary>
    NullableService,

    /// <summary>A [PersistentState] parameter.</summary>
    PersistentState,

    /// <summary>The activation's <c>IGrainContext</c>.</summary>
    GrainContext,

    /// <summary>The activation's <c>IGrainFactory</c>.</summary>
    GrainFactory,

    /// <summary>The activation's <c>IServiceProvider</c>.</summary>
    ServiceProvider,
}

/// <summary>How the generated factory obtains one constructor argument.</summary>
// Type: Fully qualified type without a top-level nullable annotation (usable in typeof and patterns).
// DisplayType: Human-readable type name for error messages.
// StateType: For persistent states, the T of IPersistentState&lt;T&gt;.
// DefaultValue: For optional services, the C# expression of the default value.
internal sealed record ConstructorArgumentModel(
    ConstructorArgumentKind Kind,
    string Type,
    string DisplayType,
    string? StateType,
    string? StateName,
    string? StorageName,
    string? DefaultValue);

/// <summary>A grain class declared in the current compilation.</summary>
internal sealed record GrainClassModel(
    string FullyQualifiedName,
    string DisplayName,
    string GrainType,
    bool IsValid,
    EquatableArray<string> Interfaces,
    bool IsReentrant,
    int? StatelessWorkerMaxLocal,
    string? CollectionAgeMinutes,
    EquatableArray<string> ImplicitStreamNamespaces,
    EquatableArray<ConstructorArgumentModel> ConstructorArguments,
    LocationInfo? Location,
    EquatableArray<DiagnosticInfo> Diagnostics);
