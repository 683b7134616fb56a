using Microsoft.Extensions.Logging.Abstractions;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Chain;

namespace OpenChat.Chain.Api.Tests.ScaleOut;

/// <summary>
/// Two instances of the service, A and B, as a deployment runs them: one database, one chain, one Redis (a private
/// redis-server started through scripts/redis.sh on a free port, stopped at the end). A starts first and deploys the
/// contracts; B reuses them. Each has its own data folder (media, logs); the database is <see cref="SharedDatabase"/>.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "openchat-tests", "two-" + Guid.NewGuid().ToString("N"));
    readonly RedisServer _redis = new();
    EmbeddedAnvil? _anvil;

    public ApiFactory A { get; private set; } = null!;
    public ApiFactory B { get; private set; } = null!;

    /// <summary>
    /// The database both instances share: on the PostgreSQL run (OPENCHAT_TEST_DATABASE=postgres) one database of the
    /// test cluster; otherwise one SQLite file, whose writers then read their numbers under its lock (Messaging:SharedWriters).
    /// </summary>
    Dictionary<string, string> SharedDatabase() => TestDatabase.OnPostgres
        ? new Dictionary<string, string>(TestDatabase.Settings(_folder))
        : new()
        {
            ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(_folder, "shared.db")};Pooling=True",
            ["Messaging:SharedWriters"] = "true",
        };

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await _redis.InitializeAsync();
        var anvilPath = EmbeddedAnvil.FindInRepository(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("anvil not found: run scripts/build-contracts.sh");
        _anvil = await EmbeddedAnvil.StartAsync(anvilPath, stateFile: null, blockTimeSeconds: 1, NullLogger.Instance, CancellationToken.None);

        var settings = SharedDatabase();
        settings["ConnectionStrings:Redis"] = _redis.ConnectionString;
        settings["Redis:ChannelPrefix"] = "test-" + Guid.NewGuid().ToString("N")[..8];
        settings["Chain:RpcUrl"] = _anvil.RpcUrl.ToString();
        settings["Chain:DeployerPrivateKey"] = EmbeddedAnvil.DevAccountKey;
        settings["Wallet:SeedPassphrase"] = "a test passphrase, not a secret";
        settings["Wallet:FundRelayer"] = "true";

        A = new ApiFactory { DataDirectory = Path.Combine(_folder, "a"), Settings = settings };
        await Healthy(A);
        // One service, one master seed: B opens the vault A created, as instances of a deployment share it.
        var vault = Path.Combine("wallet", "seed.json");
        Directory.CreateDirectory(Path.Combine(_folder, "b", "wallet"));
        File.Copy(Path.Combine(A.DataDirectory, vault), Path.Combine(_folder, "b", vault));
        B = new ApiFactory { DataDirectory = Path.Combine(_folder, "b"), Settings = settings };
        await Healthy(B);
    }

    static async Task Healthy(ApiFactory instance)
    {
        var health = await instance.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        if (!health.IsSuccessStatusCode) throw new InvalidOperationException($"instance not healthy: {await health.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        if (_anvil is not null) await _anvil.DisposeAsync();
        await _redis.DisposeAsync();
        TestDatabase.Drop(_folder);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } // a file still held open: the temp folder keeps it
    }
}
