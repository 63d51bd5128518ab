using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrderGrains.Runtime.Generators;

/// <summary>Builds <see cref="GrainClassModel"/>s from grain class declarations.</summary>
internal static class GrainClassAnalyzer
{
    public static GrainClassModel? Analyze(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (ClassDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol symbol
            || symbol.IsAbstract
            || symbol.IsStatic
            || !SymbolAnalysis.IsFirstDeclaration(symbol, declaration)
            || !KnownTypes.IsGrainClass(symbol))
        {
            return null;
        }

        var diagnostics = new List<DiagnosticInfo>();
        var location = LocationInfo.From(symbol);
        var displayName = symbol.ToDisplayString(Naming.MessageFormat);
        var valid = true;

        if (SymbolAnalysis.IsGenericOrInGeneric(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericGrainClass, location, displayName));
            valid = false;
        }

        if (!SymbolAnalysis.IsVisibleInAssembly(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InaccessibleType, location, displayName));
            valid = false;
        }

        // Grain type: [GrainType] on the class itself (never inherited: two classes must not share a type).
        var grainType = Naming.DefaultGrainType(symbol.Name);
        foreach (var attribute in symbol.GetAttributes())
        {
            if (KnownTypes.IsAttribute(attribute, "GrainTypeAttribute") && attribute.ConstructorArguments.Length == 1)
            {
                grainType = attribute.ConstructorArguments[0].Value as string ?? string.Empty;
            }
        }

        if (grainType.Length == 0 || grainType.IndexOf('/') >= 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidGrainType, location, grainType, displayName));
            valid = false;
        }

        // Class attributes that are inherited (their AttributeUsage has Inherited = true): the nearest declaration wins,
        // except [ImplicitStreamSubscription], which allows several and accumulates along the hierarchy.
        var isReentrant = false;
        int? statelessWorker = null;
        string? collectionAge = null;
        var streamNamespaces = new List<string>();
        for (var type = symbol; type is not null && !KnownTypes.Is(type, KnownTypes.RuntimeNamespace, "Grain"); type = type.BaseType)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (KnownTypes.IsAttribute(attribute, "ReentrantAttribute"))
                {
                    isReentrant = true;
                }
                else if (KnownTypes.IsAttribute(attribute, "StatelessWorkerAttribute"))
                {
                    statelessWorker ??= attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int max ? max : 0;
                }
                else if (KnownTypes.IsAttribute(attribute, "CollectionAgeAttribute")
                    && collectionAge is null
                    && attribute.ConstructorArguments.Length == 1
                    && SymbolAnalysis.ToDouble(attribute.ConstructorArguments[0].Value) is { } minutes)
                {
                    collectionAge = Naming.DoubleLiteral(minutes);
                }
                else if (KnownTypes.IsAttribute(attribute, "ImplicitStreamSubscriptionAttribute")
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is string ns
                    && !streamNamespaces.Contains(ns))
                {
                    streamNamespaces.Add(ns);
                }
            }
        }

        var interfaces = new List<string>();
        foreach (var implemented in symbol.AllInterfaces)
        {
            if (!KnownTypes.IsGrainMarker(implemented) && KnownTypes.IsGrainInterface(implemented))
            {
                interfaces.Add(Naming.FullName(implemented));
            }
        }

        var arguments = new List<ConstructorArgumentModel>();
        var constructor = PickConstructor(symbol);
        if (constructor is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoPublicConstructor, location, displayName));
            valid = false;
        }
        else
        {
            foreach (var parameter in constructor.Parameters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var argument = AnalyzeParameter(parameter, displayName, diagnostics);
                if (argument is null)
                {
                    valid = false;
                }
                else
                {
                    arguments.Add(argument);
                }
            }
        }

        return new GrainClassModel(
            Naming.FullName(symbol),
            displayName,
            grainType,
            valid,
            interfaces.ToEquatableArray(),
            isReentrant,
            statelessWorker,
            collectionAge,
            streamNamespaces.ToEquatableArray(),
            arguments.ToEquatableArray(),
            location,
            diagnostics.ToEquatableArray());
    }

    /// <summary>The public constructor with the most parameters (the first declared one on a tie), or null.</summary>
    private static IMethodSymbol? PickConstructor(INamedTypeSymbol type)
    {
        IMethodSymbol? best = null;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility == Accessibility.Public
                && (best is null || constructor.Parameters.Length > best.Parameters.Length))
            {
                best = constructor;
            }
        }

        return best;
    }

    private static ConstructorArgumentModel? AnalyzeParameter(IParameterSymbol parameter, string className, List<DiagnosticInfo> diagnostics)
    {
        var type = parameter.Type;
        var typeName = Naming.FullNameWithoutTopLevelAnnotation(type);
        var displayType = type.ToDisplayString(Naming.MessageFormat);

        foreach (var attribute in parameter.GetAttributes())
        {
            if (!KnownTypes.IsAttribute(attribute, "PersistentStateAttribute"))
            {
                continue;
            }

            if (!KnownTypes.Is(type, KnownTypes.RuntimeNamespace, "IPersistentState", 1))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidPersistentStateParameter,
                    LocationInfo.From(parameter),
                    parameter.Name,
                    className,
                    displayType));
                return null;
            }

            var args = attribute.ConstructorArguments;
            var stateName = args.Length > 0 ? args[0].Value as string : null;
            var storageName = args.Length > 1 ? args[1].Value as string : null;
            return new ConstructorArgumentModel(
                ConstructorArgumentKind.PersistentState,
                typeName,
                displayType,
                Naming.FullName(((INamedTypeSymbol)type).TypeArguments[0]),
                stateName ?? parameter.Name,
                storageName,
                null);
        }

        if (KnownTypes.Is(type, KnownTypes.RuntimeNamespace, "IGrainContext"))
        {
            return new ConstructorArgumentModel(ConstructorArgumentKind.GrainContext, typeName, displayType, null, null, null, null);
        }

        if (KnownTypes.Is(type, KnownTypes.RuntimeNamespace, "IGrainFactory"))
        {
            return new ConstructorArgumentModel(ConstructorArgumentKind.GrainFactory, typeName, displayType, null, null, null, null);
        }

        if (KnownTypes.Is(type, "System", "IServiceProvider"))
        {
            return new ConstructorArgumentModel(ConstructorArgumentKind.ServiceProvider, typeName, displayType, null, null, null, null);
        }

        if (parameter.HasExplicitDefaultValue)
        {
            // Patterns cannot test for Nullable<T>: match its underlying type, the default converts to the parameter.
            var patternType = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                ? Naming.FullName(nullable.TypeArguments[0])
                : typeName;
            return new ConstructorArgumentModel(
                ConstructorArgumentKind.OptionalService,
                patternType,
                displayType,
                null,
                null,
                null,
                DefaultValueExpression(parameter));
        }

        if (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            return new ConstructorArgumentModel(ConstructorArgumentKind.NullableService, typeName, displayType, null, null, null, null);
        }

        return new ConstructorArgumentModel(ConstructorArgumentKind.Service, typeName, displayType, null, null, null, null);
    }

    /// <summary>The C# expression of a parameter's default value, typed as the parameter.</summary>
    private static string DefaultValueExpression(IParameterSymbol parameter)
    {
        var value = parameter.ExplicitDefaultValue;
        var type = parameter.Type;
        var typeName = Naming.FullName(type);
        if (value is null)
        {
            return "default(" + typeName + ")!";
        }

        var underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;
        if (underlying.TypeKind == TypeKind.Enum)
        {
            return "(" + typeName + ")(" + Literal(value) + ")";
        }

        return value is string or bool or char ? Literal(value) : "(" + typeName + ")(" + Literal(value) + ")";
    }

    private static string Literal(object value) => value switch
    {
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        bool b => b ? "true" : "false",
        double d => Naming.DoubleLiteral(d),
        float f => float.IsNaN(f) ? "float.NaN"
            : float.IsPositiveInfinity(f) ? "float.PositiveInfinity"
            : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
            : f.ToString("R", CultureInfo.InvariantCulture) + "f",
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
        uint ui => ui.ToString(CultureInfo.InvariantCulture) + "U",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "default",
    };
}
