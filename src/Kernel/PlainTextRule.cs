using FluentValidation;

namespace OpenChat.Chain.Kernel;

/// <summary>Text people read (messages, titles, names, notes) is plain text.</summary>
public static class PlainTextRule
{
    /// <summary>
    /// Refuses control characters other than newline and tab (NUL cuts strings short in C libraries and logs; the
    /// others reorder or hide text on some screens), the bidirectional embedding, override and isolate characters (they
    /// make a name or a title read differently from what it is) and lone UTF-16 surrogates (no encoder can write them).
    /// A null or empty value passes: whether one is required is the validator's own rule.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsPlainText).WithMessage("{PropertyName} may not contain control characters (other than newline and tab), bidi overrides or broken Unicode.");

    public static bool IsPlainText(string? text)
    {
        if (text is null) return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not ('\n' or '\t')) return false;
            if (c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')) return false; // bidi overrides ("Trojan Source")
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return false;
        }
        return true;
    }
}
