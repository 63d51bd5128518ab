namespace OrderGrains.ClientApi.Apis;

/// <summary>Collects invalid fields and their messages for a validation problem.</summary>
public sealed class ApiValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>True when nothing was reported.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>Reports a problem with <paramref name="field"/>.</summary>
    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Requires an identifier: 1-64 characters of letters, digits and <c>- _ . @ :</c>.</summary>
    public void RequireId(string field, string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            Add(field, "Required: 1-64 characters of letters, digits and - _ . :");
        }
    }

    /// <summary>Requires printable text of at most 200 characters (optional when <paramref name="required"/> is false).</summary>
    public void RequireText(string field, string? value, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, "Required.");
            }
        }
        else if (value.Length > 200 || value.Any(char.IsControl))
        {
            Add(field, "At most 200 characters, no control characters.");
        }
    }

    /// <summary>The errors in the shape of a validation problem.</summary>
    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
