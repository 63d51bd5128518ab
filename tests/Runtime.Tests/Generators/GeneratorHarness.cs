using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OrderGrains.Runtime.Tests.Generators;

/// <summary>Runs the OrderGrains generator on in-memory source and compiles the result.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);
    private static readonly Lazy<Type> GeneratorType = new(LoadGeneratorType);

    /// <summary>The generator's diagnostics, the generated files and the diagnostics of the compiled output.</summary>
    internal sealed record Result(
        ImmutableArray<Diagnostic> GeneratorDiagnostics,
        ImmutableDictionary<string, string> GeneratedSources,
        ImmutableArray<Diagnostic> CompilationDiagnostics,
        Compilation OutputCompilation)
    {
        /// <summary>All generated source, concatenated (for text assertions).</summary>
        public string AllGenerated => string.Join("\n", GeneratedSources.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => p.Value));

        /// <summary>Errors and warnings of the generator and of the compiled output.</summary>
        public IReadOnlyList<Diagnostic> Problems =>
            [.. GeneratorDiagnostics.Concat(CompilationDiagnostics).Where(static d => d.Severity >= DiagnosticSeverity.Warning)];

        public string Generated(string hintName) => GeneratedSources.TryGetValue(hintName, out var text)
            ? text
            : throw new KeyNotFoundException($"No generated file {hintName}; generated: {string.Join(", ", GeneratedSources.Keys)}");

        public string Describe() => string.Join("\n", Problems.Select(static d => d.ToString())) + "\n---\n" + AllGenerated;
    }

    public static Result Run(string source, string assemblyName = "Test.Grains")
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(source, parseOptions, path: "Source.cs");
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [tree],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        var generator = ((IIncrementalGenerator)Activator.CreateInstance(GeneratorType.Value)!).AsSourceGenerator();
        GeneratorDriver driver = CSharpGeneratorDriver.Create([generator], parseOptions: parseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var run = driver.GetRunResult();
        var sources = run.Results
            .SelectMany(static r => r.GeneratedSources)
            .ToImmutableDictionary(static s => s.HintName, static s => s.SourceText.ToString());

        return new Result(generatorDiagnostics, sources, output.GetDiagnostics(), output);
    }

    /// <summary>
    /// Runs the generator on <paramref name="sources"/>, then again after <paramref name="edit"/> changed the text of
    /// file <paramref name="editedFile"/>, with step tracking on; returns the second run.
    /// </summary>
    public static GeneratorRunResult RunAfterEdit(IReadOnlyDictionary<string, string> sources, string editedFile, Func<string, string> edit)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.Select(p => CSharpSyntaxTree.ParseText(p.Value, parseOptions, path: p.Key)).ToList();
        Compilation compilation = CSharpCompilation.Create(
            "Test.Grains",
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var generator = ((IIncrementalGenerator)Activator.CreateInstance(GeneratorType.Value)!).AsSourceGenerator();
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [generator],
            parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);

        var old = trees.Single(t => t.FilePath == editedFile);
        var changed = old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(edit(sources[editedFile])));
        compilation = compilation.ReplaceSyntaxTree(old, changed);
        driver = driver.RunGenerators(compilation);
        return driver.GetRunResult().Results.Single();
    }

    /// <summary>Compiles and loads the output of <see cref="Run"/> into a new load context.</summary>
    public static Assembly Load(Result result)
    {
        using var stream = new MemoryStream();
        var emit = result.OutputCompilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var context = new System.Runtime.Loader.AssemblyLoadContext("generator-test-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return context.LoadFromStream(stream);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(IGrain).Assembly.Location)
            .GroupBy(static p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(static g => g.First());
        return [.. paths.Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    /// <summary>
    /// The test project references the generator as an analyzer only (not as a library), so its assembly is loaded
    /// from the generator project's build output, in the configuration the tests were built in.
    /// </summary>
    private static Type LoadGeneratorType()
    {
        const string AssemblyFile = "OrderGrains.Runtime.Generators.dll";
        var local = Path.Combine(AppContext.BaseDirectory, AssemblyFile);
        var path = File.Exists(local) ? local : FindInGeneratorProject(AssemblyFile);
        var assembly = Assembly.LoadFrom(path);
        return assembly.GetType("OrderGrains.Runtime.Generators.GrainGenerator", throwOnError: true)!;
    }

    private static string FindInGeneratorProject(string assemblyFile)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var project = Path.Combine(directory.FullName, "runtime", "Runtime.Generators");
            if (!Directory.Exists(project))
            {
                continue;
            }

            var preferred = Path.Combine(project, "bin", configuration, "netstandard2.0", assemblyFile);
            if (File.Exists(preferred))
            {
                return preferred;
            }

            var any = Directory.EnumerateFiles(Path.Combine(project, "bin"), assemblyFile, SearchOption.AllDirectories)
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault();
            if (any is not null)
            {
                return any;
            }
        }

        throw new FileNotFoundException($"{assemblyFile} was not found; build runtime/Runtime.Generators first.");
    }
}
