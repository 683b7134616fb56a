namespace OpenChat.Chain.Messaging.Media;

/// <summary>Files on disk named by their SHA-256 (data/media/ab/cd/abcd…): writing the same bytes twice is a no-op.</summary>
public sealed class MediaStore(MessagingOptions options)
{
    public string PathOf(string sha256Hex) =>
        Path.Combine(options.MediaDirectory, sha256Hex[..2], sha256Hex[2..4], sha256Hex);

    public bool Exists(string sha256Hex) => File.Exists(PathOf(sha256Hex));

    /// <summary>Writes through a temporary file and a rename, so a crash never leaves half a file under a hash name.</summary>
    public async Task Save(string sha256Hex, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var path = PathOf(sha256Hex);
        if (File.Exists(path)) return;
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        // Security: the service account's alone (0700 folders, 0600 files), like the rest of the data folder.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(temp, bytes, ct);
        }
        else
        {
            // One level at a time: CreateDirectory gives the mode to the last folder only, not to the "ab" above "cd".
            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetDirectoryName(path)!)!, ownerOnly);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!, ownerOnly);
            await using (var file = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
                await file.WriteAsync(bytes, ct);
        }
        File.Move(temp, path, overwrite: true);
    }

    public Stream Open(string sha256Hex) => File.OpenRead(PathOf(sha256Hex));
}

