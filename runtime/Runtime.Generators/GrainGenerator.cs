using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrderGrains.Runtime.Generators;

/// <summary>
/// Generates, for the grain interfaces of a compilation, a request class per method and a proxy per interface, and for
/// its grain classes a <c>GrainClassDescriptor</c> with a reflection-free factory; a module initializer registers
/// them all with <c>GrainRegistry</c>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Only declarations with a base list can derive from IGrain or Grain; a partial declaration without one may
        // still be a part of such a type (the first part analyzes the whole type).
        var interfaces = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax declaration && MayDerive(declaration),
                InterfaceAnalyzer.Analyze)
            .WithTrackingName(TrackingNames.Interfaces)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!);

        var classes = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax declaration && MayDerive(declaration),
                GrainClassAnalyzer.Analyze)
            .WithTrackingName(TrackingNames.Classes)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!);

        context.RegisterSourceOutput(interfaces, static (spc, model) =>
        {
            foreach (var diagnostic in model.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(classes, static (spc, model) =>
        {
            foreach (var diagnostic in model.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var assemblyName = context.CompilationProvider.Select(static (compilation, _) => compilation.AssemblyName ?? "Assembly");
        var everything = interfaces.Collect().Combine(classes.Collect()).Combine(assemblyName);
        context.RegisterSourceOutput(everything, static (spc, input) =>
            SourceEmitter.Emit(spc, input.Left.Left, input.Left.Right, input.Right));
    }

    /// <summary>Names of pipeline steps, for tests that check incremental caching.</summary>
    public static class TrackingNames
    {
        /// <summary>The grain interface models.</summary>
        public const string Interfaces = "GrainInterfaces";

        /// <summary>The grain class models.</summary>
        public const string Classes = "GrainClasses";
    }

    private static bool MayDerive(TypeDeclarationSyntax declaration) =>
        declaration.BaseList is not null || declaration.Modifiers.Any(static m => m.IsKind(SyntaxKind.PartialKeyword));
}
