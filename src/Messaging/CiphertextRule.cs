using FluentValidation;
using OpenChat.Chain.Messaging.Messages;

namespace OpenChat.Chain.Messaging;

/// <summary>Opaque end-to-end ciphertext and public key material (issue 18): standard base64, bounded, never read by the service.</summary>
public static class CiphertextRule
{
    /// <summary>A null value passes: whether one is required is the validator's own rule.</summary>
    public static IRuleBuilderOptions<T, string?> Ciphertext<T>(this IRuleBuilder<T, string?> rule, int maxLength = Message.MaxCiphertextLength) =>
        rule.Must(value => value is null || value.Length > 0 && value.Length <= maxLength && IsBase64(value))
            .WithMessage($"{{PropertyName}} is standard base64 of at most {maxLength} characters.");

    public static bool IsBase64(string value)
    {
        if (value.Length % 4 != 0) return false;
        var bytes = new byte[value.Length / 4 * 3];
        return Convert.TryFromBase64String(value, bytes, out _);
    }
}
