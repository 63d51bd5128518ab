using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrderGrains.Runtime.Generators;

/// <summary>Builds <see cref="InterfaceModel"/>s from grain interface declarations.</summary>
internal static class InterfaceAnalyzer
{
    public static InterfaceModel? Analyze(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (InterfaceDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol symbol
            || !SymbolAnalysis.IsFirstDeclaration(symbol, declaration)
            || KnownTypes.IsGrainMarker(symbol)
            || !KnownTypes.IsGrainInterface(symbol))
        {
            return null;
        }

        var compilationAssembly = context.SemanticModel.Compilation.Assembly;
        var diagnostics = new List<DiagnosticInfo>();
        var location = LocationInfo.From(symbol);
        var displayName = symbol.ToDisplayString(Naming.MessageFormat);
        var valid = true;

        if (SymbolAnalysis.IsGenericOrInGeneric(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericInterface, location, displayName));
            valid = false;
        }

        if (!SymbolAnalysis.IsVisibleInAssembly(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InaccessibleType, location, displayName));
            valid = false;
        }

        var methods = new List<MethodModel>();
        valid &= CollectMethods(symbol, true, methods, diagnostics, null, cancellationToken);

        foreach (var inherited in symbol.AllInterfaces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (KnownTypes.IsGrainMarker(inherited))
            {
                continue;
            }

            // Grain interfaces of this compilation get their own model: their requests are generated with them and their
            // problems are reported on their declarations. Requests of other inherited interfaces (from referenced
            // assemblies, or not grain interfaces themselves) are generated once per compilation, and their problems
            // are reported here, since nowhere else would.
            var inSource = SymbolEqualityComparer.Default.Equals(inherited.ContainingAssembly, compilationAssembly)
                && KnownTypes.IsGrainInterface(inherited);
            var reportAt = inSource ? null : location;
            if (SymbolAnalysis.IsGenericOrInGeneric(inherited))
            {
                if (reportAt is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericInterface, reportAt, inherited.ToDisplayString(Naming.MessageFormat)));
                }

                valid = false;
                continue;
            }

            valid &= CollectMethods(inherited, inSource, methods, reportAt is null ? null : diagnostics, reportAt, cancellationToken);
        }

        return new InterfaceModel(
            Naming.FullName(symbol),
            Naming.NestedBaseName(symbol),
            valid,
            methods.ToEquatableArray(),
            diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// Adds the methods declared by <paramref name="declaring"/>. Returns false if any member is unsupported, adding
    /// diagnostics (at the member, or at <paramref name="reportAt"/> when given) if <paramref name="diagnostics"/> is not null.
    /// </summary>
    private static bool CollectMethods(
        INamedTypeSymbol declaring,
        bool inSource,
        List<MethodModel> methods,
        List<DiagnosticInfo>? diagnostics,
        LocationInfo? reportAt,
        CancellationToken cancellationToken)
    {
        var valid = true;
        var ordinal = 0;
        var declaringName = Naming.FullName(declaring);
        var declaringBaseName = Naming.NestedBaseName(declaring);

        foreach (var member in declaring.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsStatic)
            {
                // Static members with bodies are fine; static abstract/virtual ones cannot be implemented by a proxy.
                if (member.IsAbstract || member.IsVirtual)
                {
                    diagnostics?.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnsupportedMember,
                        reportAt ?? LocationInfo.From(member),
                        member.ToDisplayString(Naming.MessageFormat)));
                    valid = false;
                }

                continue;
            }

            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                    var model = AnalyzeMethod(method, declaringName, declaringBaseName, inSource, ordinal++, diagnostics, reportAt);
                    if (model is null)
                    {
                        valid = false;
                    }
                    else
                    {
                        methods.Add(model);
                    }

                    break;

                case IPropertySymbol or IEventSymbol:
                    diagnostics?.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnsupportedMember,
                        reportAt ?? LocationInfo.From(member),
                        member.ToDisplayString(Naming.MessageFormat)));
                    valid = false;
                    break;
            }
        }

        return valid;
    }

    private static MethodModel? AnalyzeMethod(
        IMethodSymbol method,
        string declaringName,
        string declaringBaseName,
        bool inSource,
        int ordinal,
        List<DiagnosticInfo>? diagnostics,
        LocationInfo? reportAt)
    {
        var valid = true;
        var methodDisplay = method.ToDisplayString(Naming.MessageFormat);
        var methodLocation = reportAt ?? LocationInfo.From(method);

        if (method.IsGenericMethod)
        {
            diagnostics?.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, methodLocation, methodDisplay));
            valid = false;
        }

        var returnType = method.ReturnType as INamedTypeSymbol;
        ReturnKind kind;
        string resultType;
        const string VoidResult = "global::OrderGrains.Runtime.Invocation.VoidResult";
        if (KnownTypes.Is(returnType, "System.Threading.Tasks", "Task"))
        {
            kind = ReturnKind.Task;
            resultType = VoidResult;
        }
        else if (KnownTypes.Is(returnType, "System.Threading.Tasks", "ValueTask"))
        {
            kind = ReturnKind.ValueTask;
            resultType = VoidResult;
        }
        else if (KnownTypes.Is(returnType, "System.Threading.Tasks", "Task", 1))
        {
            kind = ReturnKind.TaskOfT;
            resultType = Naming.FullName(returnType!.TypeArguments[0]);
        }
        else if (KnownTypes.Is(returnType, "System.Threading.Tasks", "ValueTask", 1))
        {
            kind = ReturnKind.ValueTaskOfT;
            resultType = Naming.FullName(returnType!.TypeArguments[0]);
        }
        else
        {
            diagnostics?.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedReturnType,
                methodLocation,
                methodDisplay,
                method.ReturnType.ToDisplayString(Naming.MessageFormat)));
            return null;
        }

        var parameters = new List<ParameterModel>(method.Parameters.Length);
        var sawCancellationToken = false;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None
                || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer
                || parameter.Type.IsRefLikeType)
            {
                diagnostics?.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedParameter,
                    reportAt ?? LocationInfo.From(parameter),
                    parameter.Name,
                    methodDisplay));
                valid = false;
                continue;
            }

            // The first CancellationToken parameter is the request's token; any further ones travel as arguments.
            var isToken = !sawCancellationToken && KnownTypes.Is(parameter.Type, "System.Threading", "CancellationToken");
            sawCancellationToken |= isToken;
            parameters.Add(new ParameterModel(
                Naming.EscapeIdentifier(parameter.Name),
                Naming.FullName(parameter.Type),
                isToken,
                parameter.IsParams));
        }

        if (!valid)
        {
            return null;
        }

        var isReadOnly = false;
        var isAlwaysInterleave = false;
        string? timeout = null;
        foreach (var attribute in method.GetAttributes())
        {
            if (KnownTypes.IsAttribute(attribute, "ReadOnlyAttribute"))
            {
                isReadOnly = true;
            }
            else if (KnownTypes.IsAttribute(attribute, "AlwaysInterleaveAttribute"))
            {
                isAlwaysInterleave = true;
            }
            else if (KnownTypes.IsAttribute(attribute, "ResponseTimeoutAttribute")
                && attribute.ConstructorArguments.Length == 1
                && SymbolAnalysis.ToDouble(attribute.ConstructorArguments[0].Value) is { } seconds)
            {
                timeout = Naming.DoubleLiteral(seconds);
            }
        }

        return new MethodModel(
            declaringName,
            declaringBaseName,
            inSource,
            method.Name,
            ordinal,
            kind,
            Naming.FullName(method.ReturnType),
            resultType,
            parameters.ToEquatableArray(),
            isReadOnly,
            isAlwaysInterleave,
            timeout);
    }
}
