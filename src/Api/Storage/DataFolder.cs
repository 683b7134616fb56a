namespace OpenChat.Chain.Api.Storage;

/// <summary>
/// Security: the data folder holds every message, the media and the wallet's sealed seed, so it is the service
/// account's alone: folders 0700, the database 0600 (SQLite gives its -wal and -shm files the database file's mode).
/// Folders and files from an older start are tightened too.
/// </summary>
public static class DataFolder
{
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Create(string dataDirectory, string mediaDirectory, string? databaseFile)
    {
        CreatePrivateFolder(dataDirectory);
        CreatePrivateFolder(mediaDirectory);
        if (OperatingSystem.IsWindows() || databaseFile is null) return;
        if (!File.Exists(databaseFile))
        {
            // Created empty before SQLite opens it, so it never exists with the umask's mode; SQLite fills an empty file.
            try
            {
                using var created = new FileStream(databaseFile, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile,
                });
            }
            catch (IOException) when (File.Exists(databaseFile))
            {
                // Another instance sharing this folder, started at the same moment, created it first.
            }
        }
        foreach (var file in new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm" })
            if (File.Exists(file)) File.SetUnixFileMode(file, OwnerOnlyFile);
    }

    static void CreatePrivateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, OwnerOnlyFolder);
        File.SetUnixFileMode(path, OwnerOnlyFolder); // CreateDirectory leaves an existing folder's mode as it was
    }
}
