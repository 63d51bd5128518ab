using System.Text;

namespace OrderGrains.Interfaces.Rules;

/// <summary>
/// Folds text for keyword matching: NFKC (compatibility forms, e.g. full-width Latin letters and digits to ASCII) and
/// case folding, so "ＵＲＧＥＮＴ", "Urgent" and "urgent" compare equal. The build runs with invariant globalization,
/// where <see cref="string.Normalize(NormalizationForm)"/> has no Unicode data for compatibility forms: the width forms
/// that matter for Chinese and English notes (full-width ASCII U+FF01-U+FF5E and the ideographic space) are folded
/// explicitly, on top of whatever the runtime's NFKC does.
/// </summary>
public static class TextFold
{
    /// <summary>The folded form of <paramref name="text"/> (empty for null).</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string normalized;
        try
        {
            normalized = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Invalid UTF-16 (a lone surrogate): fold what is there.
            normalized = text;
        }

        return string.Create(normalized.Length, normalized, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                c = c switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                    '\u3000' => ' ',
                    _ => c,
                };
                span[i] = char.ToLowerInvariant(c);
            }
        });
    }
}
