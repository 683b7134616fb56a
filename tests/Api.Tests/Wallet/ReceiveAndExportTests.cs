using System.Net;
using System.Net.Http.Json;
using Nethereum.Signer;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Api.Tests.Wallet;

public sealed class ReceiveAndExportTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Receive_WithAmount_IsAnEip681TransferUri()
    {
        var alice = await api.CreateUserAsync("alice");
        var wallet = await alice.GetWalletAsync();

        var receive = (await alice.Http.GetFromJsonAsync<ReceiveView>("/api/wallet/receive?amount=12.5", WalletApi.Json, TestContext.Current.CancellationToken))!;

        Assert.Equal($"ethereum:{wallet.ChatCoin}@31337/transfer?address={wallet.Address}&uint256=12500000000000000000", receive.Uri);
        Assert.Equal(("12.5", wallet.Address), (receive.Amount, receive.Address));
    }

    [Fact]
    public async Task ReceiveQr_IsAPng()
    {
        var alice = await api.CreateUserAsync("alice");

        var response = await alice.Http.GetAsync("/api/wallet/receive/qr", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }

    [Fact]
    public async Task ExportKey_Confirmed_ReturnsTheKeyOfTheUsersOwnAddressAndIsNotCached()
    {
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var address = (await alice.GetWalletAsync()).Address;

        var response = await Custody.CustodyApi.ExportAsync(alice, address.ToLowerInvariant());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var exported = (await response.Content.ReadFromJsonAsync<ExportedKey>(TestContext.Current.CancellationToken))!;
        Assert.Equal(address, new EthECKey(exported.PrivateKey).GetPublicAddress());
        Assert.NotEqual(address, (await bob.GetWalletAsync()).Address); // one account per user
    }

    [Fact]
    public async Task OpenApi_DocumentsEveryWalletRouteAndTheIdempotencyKeyHeader()
    {
        using var client = api.CreateClient();
        using var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var paths = document.RootElement.GetProperty("paths");

        foreach (var path in new[] { "/api/wallet", "/api/wallet/history", "/api/wallet/transfers", "/api/wallet/transfers/{transferId}",
                     "/api/wallet/receive", "/api/wallet/receive/qr", "/api/wallet/export", "/api/wallet/withdraw" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not documented");
        var send = paths.GetProperty("/api/wallet/transfers").GetProperty("post");
        Assert.Contains(send.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.True(send.GetProperty("responses").TryGetProperty("202", out _));
    }

    [Fact]
    public async Task History_Paged_ReturnsNewestFirstWithHasMore()
    {
        var alice = await api.CreateUserAsync("alice");
        await api.FundAsync(alice, 3);
        // The funding is history too, once the indexer has confirmed its block (one-second blocks, two deep): wait for
        // it first, so the pages below hold a known four entries however long the sends take.
        var funding = await WaitForHistoryAsync(alice, entries => entries.Count == 1);
        const string to = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        var ids = new List<Guid>();
        foreach (var amount in new[] { "1", "0.5", "0.25" })
            ids.Add((await (await alice.SendAsync(to, amount, Guid.NewGuid().ToString())).ReadTransferAsync()).Id);

        var first = (await alice.Http.GetFromJsonAsync<HistoryPage>("/api/wallet/history?page=1&pageSize=2", WalletApi.Json, TestContext.Current.CancellationToken))!;
        var second = (await alice.Http.GetFromJsonAsync<HistoryPage>("/api/wallet/history?page=2&pageSize=2", WalletApi.Json, TestContext.Current.CancellationToken))!;

        Assert.Equal([ids[2], ids[1]], first.Items.Select(i => i.Id));
        Assert.True(first.HasMore);
        Assert.Equal([ids[0], funding[0].Id], second.Items.Select(i => i.Id));
        Assert.Equal(TransferDirection.Incoming, second.Items[1].Direction);
        Assert.False(second.HasMore);
    }

    static async Task<IReadOnlyList<HistoryEntry>> WaitForHistoryAsync(TestUser user, Func<IReadOnlyList<HistoryEntry>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = (await user.Http.GetFromJsonAsync<HistoryPage>("/api/wallet/history?page=1&pageSize=20", WalletApi.Json, TestContext.Current.CancellationToken))!;
            if (done(page.Items)) return page.Items;
            if (DateTime.UtcNow > deadline) Assert.Fail($"the history never reached the expected state: {page.Items.Count} entries");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
