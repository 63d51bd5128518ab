using System.Text;
using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Grains.Customers;

/// <summary>
/// Classifies a customer's free-text return reason (English or Chinese) by keyword rules. Case- and width-insensitive
/// (full-width letters count as ASCII). A keyword right after a negation ("not damaged", "没有破损") does not count. The
/// category with the most keyword hits wins; ties go to the first of Damaged, NotAsDescribed, SizeOrFit, ChangedMind.
/// </summary>
public static class ReturnReasonClassifier
{
    // In tie-break priority order. A keyword contained in another of its category would count twice, so only the shorter
    // one is listed: "damage" also matches "damaged", "描述不符" also "与描述不符", "无理由" also "七天无理由".
    private static readonly (ReturnReasonCategory Category, string[] Keywords)[] Rules =
    [
        (ReturnReasonCategory.Damaged,
        [
            "damage", "broken", "crack", "defect", "torn", "scratch", "shattered", "leaking", "not working", "doesn't work",
            "does not work", "dead on arrival",
            "破损", "坏了", "损坏", "破了", "碎了", "裂了", "瑕疵", "故障", "漏液",
        ]),
        (ReturnReasonCategory.NotAsDescribed,
        [
            "not as described", "different from picture", "different from the picture", "not as pictured", "wrong item",
            "wrong product", "wrong colour", "wrong color", "fake", "counterfeit", "doesn't match the description",
            "描述不符", "和描述不一样", "图片不符", "和图片不一样", "色差", "发错", "假货", "不是正品",
        ]),
        (ReturnReasonCategory.SizeOrFit,
        [
            "size", "fit", "too small", "too big", "too large", "too tight", "too loose", "too long", "too short",
            "尺码", "尺寸", "太小", "太大", "偏小", "偏大", "不合身", "太紧", "太松",
        ]),
        (ReturnReasonCategory.ChangedMind,
        [
            "changed my mind", "change of mind", "no longer need", "no longer want", "don't want", "dont want", "do not want",
            "don't need", "do not need", "ordered by mistake", "found it cheaper",
            "不想要", "不要了", "不需要", "无理由", "不喜欢", "买错了", "拍错了",
        ]),
    ];

    private static readonly string[] EnglishNegations = ["not", "no", "never", "isn't", "wasn't", "aren't", "without", "nothing"];

    private static readonly string[] ChineseNegations = ["没有", "没", "未", "无", "不是", "并非"];

    /// <summary>The category of <paramref name="reasonText"/>; <see cref="ReturnReasonCategory.Other"/> if nothing matches.</summary>
    public static ReturnReasonCategory Classify(string? reasonText)
    {
        if (string.IsNullOrWhiteSpace(reasonText))
        {
            return ReturnReasonCategory.Other;
        }

        var text = Normalize(reasonText);
        var best = ReturnReasonCategory.Other;
        var bestHits = 0;
        foreach (var (category, keywords) in Rules)
        {
            var hits = keywords.Count(k => Matches(text, k));
            if (hits > bestHits)
            {
                best = category;
                bestHits = hits;
            }
        }

        return best;
    }

    /// <summary>Lower case, full-width forms folded to ASCII, typographic apostrophes to ', runs of white space to one space.</summary>
    internal static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lastWasSpace = false;
        foreach (var raw in text)
        {
            var c = raw switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(raw - 0xFEE0),
                '\u3000' => ' ',
                '\u2018' or '\u2019' or '\u02BC' => '\'',
                _ => raw,
            };
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            lastWasSpace = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>True if <paramref name="keyword"/> occurs not negated (English keywords only at the start of a word).</summary>
    private static bool Matches(string text, string keyword)
    {
        var english = IsAscii(keyword);
        for (var at = text.IndexOf(keyword, StringComparison.Ordinal); at >= 0; at = text.IndexOf(keyword, at + 1, StringComparison.Ordinal))
        {
            if (english && at > 0 && char.IsAsciiLetterOrDigit(text[at - 1]))
            {
                continue;
            }

            if (!IsNegated(text.AsSpan(0, at), english))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNegated(ReadOnlySpan<char> before, bool english)
    {
        if (english)
        {
            before = before.TrimEnd();
            var start = before.Length;
            while (start > 0 && (char.IsAsciiLetter(before[start - 1]) || before[start - 1] == '\''))
            {
                start--;
            }

            var word = before[start..];
            foreach (var negation in EnglishNegations)
            {
                if (word.SequenceEqual(negation))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var negation in ChineseNegations)
        {
            if (before.EndsWith(negation, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAscii(string value) => value.All(char.IsAscii);
}
