namespace OpenChat.Chain.Messaging.Media;

/// <summary>The content type read from a file's first bytes; the client's claim is never trusted.</summary>
public static class ContentSniffer
{
    static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
    static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Jpeg)) return "image/jpeg";
        if (head.StartsWith(Png)) return "image/png";
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return "image/gif";
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        if (head.StartsWith("%PDF-"u8)) return "application/pdf";
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8)) return "video/mp4";
        if (head.StartsWith("OggS"u8)) return "audio/ogg";
        return null;
    }
}
