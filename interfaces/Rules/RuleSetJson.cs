using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace OrderGrains.Interfaces.Rules;

/// <summary>
/// JSON of rule sets: camelCase, enums as camelCase strings, kinds named by an explicit <c>type</c> discriminator (never
/// .NET type names), unknown properties and missing required properties rejected, comments allowed.
/// </summary>
public static partial class RuleSetJson
{
    /// <summary>Largest rule set text accepted, in bytes.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The serializer options of rule sets.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Parses and validates <paramref name="json"/>: the document (null when it cannot be read) and every problem found.</summary>
    public static (RuleSetDocument? Document, RuleSetValidation Validation) Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var utf8 = JsonLineMap.Utf8(json);
        if (utf8.Length > MaxBytes)
        {
            return (null, new RuleSetValidation([new RuleSetProblem("$", null, null, null, $"The rule set is {utf8.Length} bytes; at most {MaxBytes} are accepted.", RuleSetProblemSeverity.Error, "invalid")]));
        }

        RuleSetDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RuleSetDocument>(utf8, Options);
        }
        catch (JsonException e)
        {
            return (null, new RuleSetValidation([FromJsonException(e, utf8)]));
        }
        catch (NotSupportedException e)
        {
            // An abstract condition or action without its "type".
            var path = PathInMessage().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : "$";
            var (line, column) = JsonLineMap.Build(utf8).Find(path);
            return (null, new RuleSetValidation([new RuleSetProblem(path, line, column, "type",
                "A condition or action needs a \"type\" naming its kind (see the schema at /api/v1/rules/schema).", RuleSetProblemSeverity.Error, "json")]));
        }

        if (document is null)
        {
            return (null, new RuleSetValidation([new RuleSetProblem("$", 1, 1, null, "The rule set is JSON null; send an object.", RuleSetProblemSeverity.Error, "json")]));
        }

        return (document, RuleSetValidator.Validate(document, JsonLineMap.Build(utf8)));
    }

    /// <summary>The JSON text of <paramref name="document"/> (indented).</summary>
    public static string Write(RuleSetDocument document) => JsonSerializer.Serialize(document, Options);

    private static RuleSetProblem FromJsonException(JsonException e, byte[] utf8)
    {
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = TypeNames().Replace(cut > 0 ? message[..cut] : message, string.Empty);
        string? field = null;
        if (UnknownProperty().Match(message) is { Success: true } unknown)
        {
            field = unknown.Groups[1].Value;
            message = $"Unknown property '{field}'.";
            path = $"{path}.{field}";
        }
        else if (MissingProperties().Match(message) is { Success: true } missing)
        {
            field = missing.Groups[1].Value.Replace("'", string.Empty, StringComparison.Ordinal);
            message = $"Missing required property {missing.Groups[1].Value}.";
        }
        else if (message.Contains("type discriminator", StringComparison.Ordinal))
        {
            field = "type";
            message = $"{message} Known condition types: {string.Join(", ", RuleSetSchema.ConditionTypes)}; action types: {string.Join(", ", RuleSetSchema.ActionTypes)}.";
        }
        else
        {
            var dot = path.LastIndexOf('.');
            field = dot >= 0 ? path[(dot + 1)..] : null;
        }

        int? line = e.LineNumber is { } l ? (int)l + 1 : null;
        int? column = e.BytePositionInLine is { } c ? (int)c + 1 : null;
        if (line is null)
        {
            (line, column) = JsonLineMap.Build(utf8).Find(path);
        }

        return new RuleSetProblem(path, line, column, field, message.Trim(), RuleSetProblemSeverity.Error, "json");
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = false,
            AllowOutOfOrderMetadataProperties = true,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            PropertyNameCaseInsensitive = false,
            WriteIndented = true,
            MaxDepth = 32,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }

    [GeneratedRegex(@"Path: (\$[^ |]*)")]
    private static partial Regex PathInMessage();

    [GeneratedRegex(@"OrderGrains\.Interfaces\.(Rules\.)?")]
    private static partial Regex TypeNames();

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"missing required properties including: (.+?)\.?$")]
    private static partial Regex MissingProperties();
}
