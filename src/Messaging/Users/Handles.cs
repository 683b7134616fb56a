namespace OpenChat.Chain.Messaging.Users;

/// <summary>The one rule for user names: 3–32 of a–z, 0–9 and underscore, compared lower-case.</summary>
public static class Handles
{
    public const string Pattern = "^[a-zA-Z0-9_]{3,32}$";

    public static string Normalize(string handle) => handle.Trim().ToLowerInvariant();
}
