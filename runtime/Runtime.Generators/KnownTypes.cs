using Microsoft.CodeAnalysis;

namespace OrderGrains.Runtime.Generators;

/// <summary>Recognizes OrderGrains and BCL types by name, without looking them up in the compilation.</summary>
internal static class KnownTypes
{
    public const string RuntimeNamespace = "OrderGrains.Runtime";

    public static bool Is(ITypeSymbol? type, string ns, string name, int arity = 0) =>
        type is INamedTypeSymbol named
        && named.Name == name
        && named.Arity == arity
        && named.ContainingType is null
        && IsNamespace(named.ContainingNamespace, ns);

    public static bool IsAttribute(AttributeData attribute, string name) =>
        Is(attribute.AttributeClass, RuntimeNamespace, name);

    /// <summary><c>IGrain</c> or <c>IGrainWithStringKey</c>: markers whose (absent) members generate nothing.</summary>
    public static bool IsGrainMarker(ITypeSymbol type) =>
        Is(type, RuntimeNamespace, "IGrain") || Is(type, RuntimeNamespace, "IGrainWithStringKey");

    public static bool IsIGrain(ITypeSymbol type) => Is(type, RuntimeNamespace, "IGrain");

    /// <summary>The interface is, or derives from, <c>OrderGrains.Runtime.IGrain</c>.</summary>
    public static bool IsGrainInterface(INamedTypeSymbol type)
    {
        if (IsIGrain(type))
        {
            return true;
        }

        foreach (var inherited in type.AllInterfaces)
        {
            if (IsIGrain(inherited))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The class derives, directly or indirectly, from <c>OrderGrains.Runtime.Grain</c>.</summary>
    public static bool IsGrainClass(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (Is(current, RuntimeNamespace, "Grain"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNamespace(INamespaceSymbol? symbol, string ns)
    {
        // Compares "A.B.C" against the namespace chain from the innermost part outwards, without allocating.
        var end = ns.Length;
        while (symbol is { IsGlobalNamespace: false })
        {
            var name = symbol.Name;
            var start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(ns, start, name, 0, name.Length) != 0)
            {
                return false;
            }

            if (start == 0)
            {
                return symbol.ContainingNamespace is { IsGlobalNamespace: true };
            }

            if (ns[start - 1] != '.')
            {
                return false;
            }

            end = start - 1;
            symbol = symbol.ContainingNamespace;
        }

        return false;
    }
}
