using OpenChat.Chain.Api.Tests.Support;

namespace OpenChat.Chain.Api.Tests.Edges;

/// <summary>A fresh data folder holds every message, the media and the sealed seed: it is the service account's alone.</summary>
public sealed class DataFolderTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes
    public async Task FreshDataFolder_DatabaseAndMedia_AreOwnerOnly()
    {
        var alice = await api.CreateUserAsync("alice");
        var uploaded = await alice.Http.PostAsync("/api/media",
            new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Guid.NewGuid().ToByteArray()]), TestContext.Current.CancellationToken);
        Assert.True(uploaded.IsSuccessStatusCode);

        var data = api.DataDirectory;
        var media = Path.Combine(data, "media");
        var database = Path.Combine(data, "openchat.db");
        // On PostgreSQL the folder holds media and the chain only; the database is the server's.
        var files = OpenChat.Chain.Tests.Support.TestDatabase.OnPostgres ? Array.Empty<string>() : new[] { database, database + "-wal", database + "-shm" };
        if (files.Length > 0) Assert.True(System.IO.File.Exists(database + "-wal"), "WAL mode keeps a -wal file while the service runs");
        else Assert.False(System.IO.File.Exists(database), "no SQLite file on PostgreSQL");

        Assert.Equal(Folder, System.IO.File.GetUnixFileMode(data));
        Assert.Equal(Folder, System.IO.File.GetUnixFileMode(media));
        foreach (var file in files)
            Assert.Equal((file, File), (file, System.IO.File.GetUnixFileMode(file)));
        foreach (var folder in Directory.GetDirectories(media, "*", SearchOption.AllDirectories))
            Assert.Equal((folder, Folder), (folder, System.IO.File.GetUnixFileMode(folder)));
        var stored = Assert.Single(Directory.GetFiles(media, "*", SearchOption.AllDirectories));
        Assert.Equal(File, System.IO.File.GetUnixFileMode(stored));
    }
}
