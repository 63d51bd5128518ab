using System;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace OrderGrains.Runtime.Generators;

/// <summary>Symbol checks shared by the interface and class analyses.</summary>
internal static class SymbolAnalysis
{
    /// <summary>
    /// True if <paramref name="node"/> is the first declaration of <paramref name="symbol"/>, so that a partial type is
    /// analyzed (and its diagnostics reported) once.
    /// </summary>
    public static bool IsFirstDeclaration(ISymbol symbol, SyntaxNode node)
    {
        var references = symbol.DeclaringSyntaxReferences;
        return references.Length == 0
            || (references[0].SyntaxTree == node.SyntaxTree && references[0].Span == node.Span);
    }

    public static bool IsGenericOrInGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type can be named from any code of its assembly (not private, protected or file-local).</summary>
    public static bool IsVisibleInAssembly(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal
                || current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }

    public static double? ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        IConvertible convertible => convertible.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };
}
