using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using OpenChat.Chain.Api.Tests.Custody;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Contracts;
using OpenChat.Chain.Wallet.Sending;
using OpenChat.Chain.Wallet.Transfers;

namespace OpenChat.Chain.Api.Tests.Wallet;

/// <summary>Wallet calls over HTTP, and the chain as the deployer (the treasury) sees it.</summary>
public static class WalletApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    static readonly SemaphoreSlim TreasuryTurn = new(1, 1);

    public static ChainConnection Chain(this ApiFactory api) =>
        api.Services.GetRequiredService<ChainStatus>().Connection ?? throw new InvalidOperationException("chain not ready");

    public static async Task<WalletView> GetWalletAsync(this TestUser user)
    {
        var response = await user.Http.GetAsync("/api/wallet");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WalletView>(Json))!;
    }

    /// <summary>The treasury (deployer) pays the user CHAT; users get no ETH at all.</summary>
    public static async Task<string> FundAsync(this ApiFactory api, TestUser user, decimal coins)
    {
        var address = (await user.GetWalletAsync()).Address;
        var chain = api.Chain();
        await TreasuryTurn.WaitAsync();
        try
        {
            var receipt = await chain.Web3.Eth.GetContract(ContractArtifact.ChatCoin.Abi, chain.Contracts.ChatCoin).GetFunction("transfer")
                .SendTransactionAndWaitForReceiptAsync(chain.SystemAccount, new HexBigInteger(200_000), null, null, address, Units(coins));
            Assert.Equal(1, (int)receipt.Status.Value);
        }
        finally
        {
            TreasuryTurn.Release();
        }
        return address;
    }

    /// <summary>
    /// POST /api/wallet/transfers confirmed with the user's passkey, as the web client sends it; terms refused before the
    /// prompt are sent unconfirmed, so the transfer's own answer (the same refusal) is what the test sees.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(this TestUser user, string? to, string? amount, string? key = null, string? token = null)
    {
        var confirmation = await user.ConfirmOrNullAsync(new { kind = "WalletTransfer", to, amount, idempotencyKey = key, token });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/wallet/transfers") { Content = JsonContent.Create(new { to, amount, token, confirmation }) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await user.Http.SendAsync(request);
    }

    public static async Task<TransferView> ReadTransferAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<TransferView>(Json))!;

    /// <summary>Polls the transfer until it is Confirmed or Failed.</summary>
    public static async Task<TransferView> WaitUntilSettledAsync(this HttpClient http, Guid transferId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var transfer = (await http.GetFromJsonAsync<TransferView>($"/api/wallet/transfers/{transferId}", Json))!;
            if (transfer.Status is TransferStatus.Confirmed or TransferStatus.Failed) return transfer;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Transfer {transferId} still {transfer.Status} after {timeout}");
            await Task.Delay(200);
        }
    }

    public static async Task<HistoryPage> HistoryAsync(this TestUser user) =>
        (await user.Http.GetFromJsonAsync<HistoryPage>("/api/wallet/history", Json))!;

    public static Task<BigInteger> CoinBalanceAsync(this ApiFactory api, string address) =>
        api.Chain().CoinBalanceAsync(address, CancellationToken.None);

    /// <summary>
    /// How many forward requests of <paramref name="address"/> the forwarder has run, not counting the account's automatic
    /// self-delegation (which runs whenever it gets its turn): nonce and delegate are read at one block.
    /// </summary>
    public static async Task<int> RequestsRunBesidesDelegationAsync(this ApiFactory api, string address)
    {
        var chain = api.Chain();
        var block = new Nethereum.RPC.Eth.DTOs.BlockParameter(await chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync());
        var nonce = await chain.Web3.Eth.GetContract(ContractArtifact.ERC2771Forwarder.Abi, chain.Contracts.Forwarder)
            .GetFunction("nonces").CallAsync<BigInteger>(block, address);
        var delegatee = await chain.Web3.Eth.GetContract(ContractArtifact.ChatCoin.Abi, chain.Contracts.ChatCoin)
            .GetFunction("delegates").CallAsync<string>(block, address);
        var delegated = !string.IsNullOrEmpty(delegatee) && delegatee.TrimStart('0', 'x').Length > 0;
        return (int)nonce - (delegated ? 1 : 0);
    }

    public static BigInteger Units(decimal coins) => Coins.Parse(coins.ToString(System.Globalization.CultureInfo.InvariantCulture)).Value;

    /// <summary>The outbox row itself, for what the API does not show (raw transaction, replaced versions).</summary>
    /// <summary>The stored bytes of a relayer transaction (a batch of forward requests).</summary>
    public static async Task<RelayTransaction> RelayTransactionAsync(this ApiFactory api, string txHash)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDb>();
        return await db.RelayTransactions.FindAsync(txHash) ?? throw new InvalidOperationException($"no relayer transaction {txHash}");
    }

    public static async Task<OutgoingTransfer> OutboxRowAsync(this ApiFactory api, Guid transferId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDb>();
        return await db.OutgoingTransfers.FindAsync(transferId) ?? throw new InvalidOperationException($"no row {transferId}");
    }
}
