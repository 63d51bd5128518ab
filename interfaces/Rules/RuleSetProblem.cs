namespace OrderGrains.Interfaces.Rules;

/// <summary>How serious a problem of a rule set is.</summary>
public enum RuleSetProblemSeverity
{
    /// <summary>The version cannot be validated or activated.</summary>
    Error,

    /// <summary>Allowed, but worth a look (e.g. a conflict that precedence resolves).</summary>
    Warning,
}

/// <summary>One problem of a rule set, located by JSON path (and line/column in the submitted text when known).</summary>
/// <param name="Path">JSON path, e.g. <c>$.groups[0].rules[2].when.atLeast</c>.</param>
/// <param name="Line">1-based line in the submitted text, when known.</param>
/// <param name="Column">1-based column (in bytes of UTF-8) in the submitted text, when known.</param>
/// <param name="Field">The offending property name, when there is one.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">Stable code: <c>json</c>, <c>invalid</c>, <c>duplicate</c>, <c>conflict</c>, <c>unknown-reference</c>.</param>
public sealed record RuleSetProblem(string Path, int? Line, int? Column, string? Field, string Message, RuleSetProblemSeverity Severity, string Code);

/// <summary>Outcome of validating a rule set: valid when no problem is an error.</summary>
public sealed record RuleSetValidation(IReadOnlyList<RuleSetProblem> Problems)
{
    /// <summary>No errors (warnings allowed).</summary>
    public bool IsValid => !Problems.Any(p => p.Severity == RuleSetProblemSeverity.Error);

    /// <summary>The errors.</summary>
    public IEnumerable<RuleSetProblem> Errors => Problems.Where(p => p.Severity == RuleSetProblemSeverity.Error);
}
