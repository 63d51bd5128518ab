using System;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OrderGrains.Runtime.Generators;

/// <summary>Names, literals and type display used in generated code.</summary>
internal static class Naming
{
    /// <summary>Fully qualified (<c>global::</c>) type names that keep nullable annotations (<c>string?</c>).</summary>
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Readable type names for messages.</summary>
    public static readonly SymbolDisplayFormat MessageFormat = SymbolDisplayFormat.CSharpErrorMessageFormat;

    public static string FullName(ITypeSymbol type) => type.ToDisplayString(TypeFormat);

    /// <summary>The type without a top-level <c>?</c> on a reference type (typeof and patterns reject it).</summary>
    public static string FullNameWithoutTopLevelAnnotation(ITypeSymbol type) =>
        type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat) : FullName(type);

    /// <summary>Prefixes '@' to identifiers that are C# keywords.</summary>
    public static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>The type's name with its containing types, joined by '_' (<c>Outer_IFoo</c>).</summary>
    public static string NestedBaseName(INamedTypeSymbol type)
    {
        var name = type.Name;
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            name = containing.Name + "_" + name;
        }

        return name;
    }

    /// <summary>String literal with C# escapes.</summary>
    public static string StringLiteral(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>A double literal (<c>1.5d</c>) that round-trips.</summary>
    public static string DoubleLiteral(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "double.PositiveInfinity";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "double.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "d";
    }

    /// <summary>
    /// The default grain type of a class: its name without a trailing "Grain", in lower-case kebab case.
    /// A '-' goes before an upper-case letter that follows a lower-case letter or digit, and before the last upper-case
    /// letter of an acronym that is followed by a lower-case letter; '_' becomes '-'.
    /// <c>StockSlotGrain</c> → <c>stock-slot</c>, <c>PingGrain</c> → <c>ping</c>, <c>HTTPThing</c> → <c>http-thing</c>,
    /// <c>Order2Pay</c> → <c>order2-pay</c>. A class named just <c>Grain</c> keeps its name (<c>grain</c>).
    /// </summary>
    public static string DefaultGrainType(string className)
    {
        const string Suffix = "Grain";
        var name = className.Length > Suffix.Length && className.EndsWith(Suffix, StringComparison.Ordinal)
            ? className.Substring(0, className.Length - Suffix.Length)
            : className;

        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_')
            {
                if (builder.Length > 0 && builder[builder.Length - 1] != '-')
                {
                    builder.Append('-');
                }

                continue;
            }

            if (char.IsUpper(c) && i > 0 && builder.Length > 0 && builder[builder.Length - 1] != '-')
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    builder.Append('-');
                }
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        var result = builder.ToString().Trim('-');
        return result.Length == 0 ? name.ToLowerInvariant() : result;
    }

    /// <summary>Turns an assembly name into a valid namespace suffix (<c>My.App-1</c> → <c>My.App_1</c>).</summary>
    public static string SanitizeNamespace(string? assemblyName)
    {
        if (string.IsNullOrEmpty(assemblyName))
        {
            return "Assembly";
        }

        var parts = assemblyName!.Split('.');
        var builder = new StringBuilder(assemblyName.Length + 4);
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            var segment = new StringBuilder(part.Length + 1);
            foreach (var c in part)
            {
                segment.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
            }

            if (!SyntaxFacts.IsIdentifierStartCharacter(segment[0]))
            {
                segment.Insert(0, '_');
            }

            var text = segment.ToString();
            builder.Append(SyntaxFacts.GetKeywordKind(text) != SyntaxKind.None ? "_" + text : text);
        }

        return builder.Length == 0 ? "Assembly" : builder.ToString();
    }
}
