using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.JsonRpc.Client;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Keys;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Api.Tests.Wallet;

/// <summary>Exactly once across crashes, outages and stuck transactions. Each test runs its own service (and chain).</summary>
public sealed class SendingRecoveryTests
{
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SendTransfer_ProcessStoppedBetweenSigningAndBroadcast_CompletesExactlyOnceAfterRestart()
    {
        Guid transferId;
        string storedHash, storedRaw, aliceAddress, bobAddress;
        Guid aliceId;
        string dataDirectory;
        await using (var first = new ApiFactory { Settings = new Dictionary<string, string> { ["Wallet:Faults:StopAfterSigning"] = "true" }, KeepDatabase = true })
        {
            dataDirectory = first.DataDirectory;
            Assert.Equal(HttpStatusCode.OK, (await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
            var (alice, bob) = (await first.CreateUserAsync("alice"), await first.CreateUserAsync("bob"));
            aliceId = alice.Id;
            aliceAddress = await first.FundAsync(alice, 10);
            bobAddress = (await bob.GetWalletAsync()).Address;

            var response = await alice.SendAsync(bobAddress, "3", Guid.NewGuid().ToString());
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            transferId = (await response.ReadTransferAsync()).Id;

            var row = await WaitForAsync(() => first.OutboxRowAsync(transferId), r => r.Status == TransferStatus.Signed);
            (storedHash, storedRaw) = (row.TxHash!, (await first.RelayTransactionAsync(row.TxHash!)).RawTransaction);
            await BlocksMinedAsync(first, 3); // the signed transaction must not be on chain: three blocks went by without it
            Assert.Null(await first.Chain().Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(storedHash));
        }

        await using var second = new ApiFactory { DataDirectory = dataDirectory };
        Assert.Equal(HttpStatusCode.OK, (await second.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
        using var aliceAgain = second.CreateClient();
        aliceAgain.DefaultRequestHeaders.Add(TestAuthHandler.Header, aliceId.ToString());
        aliceAgain.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var settled = await aliceAgain.WaitUntilSettledAsync(transferId, Settle);

        Assert.Equal(TransferStatus.Confirmed, settled.Status);
        Assert.Equal(storedHash, settled.TxHash); // the stored bytes went out, not a new signature
        Assert.Equal(storedRaw, (await second.RelayTransactionAsync(storedHash)).RawTransaction);
        Assert.Equal(WalletApi.Units(3), await second.CoinBalanceAsync(bobAddress));
        Assert.Equal(WalletApi.Units(7), await second.CoinBalanceAsync(aliceAddress));
        Assert.Equal(1, await second.RequestsRunBesidesDelegationAsync(aliceAddress));
    }

    [Fact]
    public async Task SendTransfer_WhileTheChainIsDown_IsQueuedAndConfirmsWhenTheChainReturns()
    {
        await using var anvil = new ExternalAnvil();
        await anvil.StartAsync();
        await using var api = new ApiFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["Chain:RpcUrl"] = anvil.RpcUrl.ToString(),
                ["Chain:DeployerPrivateKey"] = EmbeddedAnvil.DevAccountKey,
                ["Wallet:SeedPassphrase"] = "a test passphrase, not a secret",
                ["Wallet:FundRelayer"] = "true",
            },
        };
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var aliceAddress = await api.FundAsync(alice, 10);
        var bobAddress = (await bob.GetWalletAsync()).Address;
        await anvil.StateSavedAsync(); // --state-interval 1: the funding is in the state file before the outage

        await anvil.StopAsync();
        var loggedBefore = api.Logs.Count;
        var response = await alice.SendAsync(bobAddress, "4", Guid.NewGuid().ToString());
        // Unchecked while the chain is down: more than the balance left after the first; refused before signing.
        var tooMuch = await alice.SendAsync(bobAddress, "7", Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, tooMuch.StatusCode);
        var queued = await response.ReadTransferAsync();
        Assert.Equal(TransferStatus.Requested, queued.Status);
        var down = await alice.Http.GetAsync("/api/wallet", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode); // balances need the chain; nothing to queue
        Assert.NotNull(down.Headers.RetryAfter);
        // Two broadcaster passes that met the outage after the transfer was queued: at least one began after it.
        await api.Logs.WaitForAsync(loggedBefore, "Broadcaster", "unavailable", howMany: 2);
        Assert.Equal(TransferStatus.Requested, (await api.OutboxRowAsync(queued.Id)).Status);

        await anvil.StartAsync();
        var settled = await alice.Http.WaitUntilSettledAsync(queued.Id, Settle);

        Assert.Equal(TransferStatus.Confirmed, settled.Status);
        var refused = await alice.Http.WaitUntilSettledAsync((await tooMuch.ReadTransferAsync()).Id, Settle);
        Assert.Equal((TransferStatus.Failed, "insufficient balance", null), (refused.Status, refused.FailureReason, refused.TxHash));
        Assert.Equal(WalletApi.Units(4), await api.CoinBalanceAsync(bobAddress));
        Assert.Equal(WalletApi.Units(6), await api.CoinBalanceAsync(aliceAddress));
    }

    [Fact]
    public async Task SendTransfer_WhoseRequestRevertsOnChain_EndsFailedAndMovesNoCoins()
    {
        // A forward request whose deadline has passed: in a batch with a refund receiver the forwarder skips it (no
        // ExecutedForwardRequest for it), where execute(...) would revert with ERC2771ForwarderExpiredRequest.
        await using var api = new ApiFactory { Settings = new Dictionary<string, string> { ["Wallet:RequestLifetimeHours"] = "-1" } };
        var (alice, bob, aliceAddress, bobAddress) = await AliceAndBobAsync(api);

        var transfer = await (await alice.SendAsync(bobAddress, "1", Guid.NewGuid().ToString())).ReadTransferAsync();
        var settled = await alice.Http.WaitUntilSettledAsync(transfer.Id, Settle);

        Assert.Equal((TransferStatus.Failed, OutgoingTransfer.NotRun), (settled.Status, settled.FailureReason));
        Assert.NotNull(settled.TxHash);
        Assert.NotNull(settled.BlockNumber);
        Assert.Equal(WalletApi.Units(10), await api.CoinBalanceAsync(aliceAddress));
        Assert.Equal(0, await api.RequestsRunBesidesDelegationAsync(aliceAddress));
        Assert.Equal("0", (await alice.GetWalletAsync()).PendingOut);
    }

    [Fact]
    public async Task SendTransfer_RefusedBelowTheBaseFee_IsRepricedUnderTheSameNonceAndConfirmsOnce()
    {
        await using var api = new ApiFactory { Settings = new Dictionary<string, string> { ["Wallet:StuckAfterSeconds"] = "3" } };
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var aliceAddress = await api.FundAsync(alice, 10);
        var bobAddress = (await bob.GetWalletAsync()).Address;

        // The next block's base fee is far above what the broadcaster offers, since it prices from the head it sees. Mining
        // stops first, so the head cannot move to that block before the broadcaster signs (on a slow machine it did).
        await MiningAsync(api, on: false);
        await api.Chain().Web3.Client.SendRequestAsync<object>(new RpcRequest(1, "anvil_setNextBlockBaseFeePerGas", "0x" + (BigInteger.Pow(10, 12)).ToString("x")));
        var loggedBefore = api.Logs.Count;
        var response = await alice.SendAsync(bobAddress, "1", Guid.NewGuid().ToString());
        var transfer = await response.ReadTransferAsync();
        await api.Logs.WaitForAsync(loggedBefore, "Broadcaster", "refused the transaction");
        await MiningAsync(api, on: true);
        var settled = await alice.Http.WaitUntilSettledAsync(transfer.Id, Settle);

        Assert.Equal(TransferStatus.Confirmed, settled.Status);
        var row = await api.OutboxRowAsync(transfer.Id);
        Assert.NotNull(row.ReplacedTxHashes); // anvil refuses "max fee per gas less than block base fee": signed again, same nonce
        Assert.Equal(WalletApi.Units(1), await api.CoinBalanceAsync(bobAddress));
        Assert.Equal(1, await api.RequestsRunBesidesDelegationAsync(aliceAddress));
    }

    [Fact]
    public async Task SendTransfer_StuckInThePool_IsReplacedWithAFeeBumpAndOnlyOneVersionIsMined()
    {
        await using var api = new ApiFactory { Settings = new Dictionary<string, string> { ["Wallet:StuckAfterSeconds"] = "2" } };
        var (alice, bob, aliceAddress, bobAddress) = await AliceAndBobAsync(api);

        await MiningAsync(api, on: false); // nothing is mined: the transaction waits in the pool
        var transfer = await (await alice.SendAsync(bobAddress, "1", Guid.NewGuid().ToString())).ReadTransferAsync();
        var bumped = await WaitForAsync(() => api.OutboxRowAsync(transfer.Id), r => r.ReplacedTxHashes is not null && r.Status == TransferStatus.Broadcast);
        var first = bumped.ReplacedTxHashes!.Split(',')[0];
        await MiningAsync(api, on: true);
        var settled = await alice.Http.WaitUntilSettledAsync(transfer.Id, Settle);

        Assert.Equal(TransferStatus.Confirmed, settled.Status);
        Assert.NotEqual(first, settled.TxHash);
        Assert.Null(await api.Chain().Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(first)); // the replaced one never ran
        Assert.Equal(WalletApi.Units(1), await api.CoinBalanceAsync(bobAddress));
        Assert.Equal(1, await api.RequestsRunBesidesDelegationAsync(aliceAddress));
    }

    [Fact]
    public async Task SendTransfer_DroppedByTheNode_IsSentAgainWithTheSameBytes()
    {
        await using var api = new ApiFactory { Settings = new Dictionary<string, string> { ["Wallet:StuckAfterSeconds"] = "2" } };
        var (alice, bob, _, bobAddress) = await AliceAndBobAsync(api);

        await MiningAsync(api, on: false);
        var transfer = await (await alice.SendAsync(bobAddress, "1", Guid.NewGuid().ToString())).ReadTransferAsync();
        var sent = await WaitForAsync(() => api.OutboxRowAsync(transfer.Id), r => r.Status == TransferStatus.Broadcast);
        await RpcAsync(api, "anvil_dropTransaction", sent.TxHash!);
        Assert.Null(await api.Chain().Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(sent.TxHash));
        await WaitForAsync(() => api.Chain().Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(sent.TxHash), t => t is not null);
        await MiningAsync(api, on: true);
        var settled = await alice.Http.WaitUntilSettledAsync(transfer.Id, Settle);

        Assert.Equal((TransferStatus.Confirmed, sent.TxHash), (settled.Status, settled.TxHash));
        Assert.Equal(WalletApi.Units(1), await api.CoinBalanceAsync(bobAddress));
    }

    [Fact]
    public async Task SendTransfer_BehindARelayerNonceGap_FillsTheGapAndConfirms()
    {
        await using var api = new ApiFactory { Settings = new Dictionary<string, string> { ["Wallet:StuckAfterSeconds"] = "2" } };
        var (alice, bob, _, bobAddress) = await AliceAndBobAsync(api);
        var before = await (await alice.SendAsync(bobAddress, "1", Guid.NewGuid().ToString())).ReadTransferAsync();
        await alice.Http.WaitUntilSettledAsync(before.Id, Settle);

        var nonces = api.Services.GetRequiredService<NonceAllocator>();
        nonces.Advance(nonces.Peek() + 1); // a nonce lost in memory: no transaction will ever hold it
        var transfer = await (await alice.SendAsync(bobAddress, "2", Guid.NewGuid().ToString())).ReadTransferAsync();
        var settled = await alice.Http.WaitUntilSettledAsync(transfer.Id, Settle);

        Assert.Equal(TransferStatus.Confirmed, settled.Status);
        Assert.Equal((await api.OutboxRowAsync(before.Id)).RelayNonce + 2, (await api.OutboxRowAsync(transfer.Id)).RelayNonce);
        Assert.Equal(WalletApi.Units(3), await api.CoinBalanceAsync(bobAddress));
    }

    [Fact]
    public async Task SendTransfer_WhoseRelayerNonceAnotherTransactionTook_IsSentUnderANewNonceAndPaysOnce()
    {
        await using var api = new ApiFactory { Settings = new Dictionary<string, string> { ["Wallet:StuckAfterSeconds"] = "2" } };
        var (alice, bob, aliceAddress, bobAddress) = await AliceAndBobAsync(api);

        await MiningAsync(api, on: false);
        var transfer = await (await alice.SendAsync(bobAddress, "1", Guid.NewGuid().ToString())).ReadTransferAsync();
        var sent = await WaitForAsync(() => api.OutboxRowAsync(transfer.Id), r => r.Status == TransferStatus.Broadcast);
        // Someone else uses the relayer's key at the same nonce, paying more, so the node keeps theirs.
        var relayerKey = api.Services.GetRequiredService<WalletKeys>().Wallet!.ExportPrivateKey(WalletKeys.RelayerIndex);
        var intruder = new Nethereum.Web3.Web3(new Nethereum.Web3.Accounts.Account(relayerKey, 31337), api.Chain().RpcUrl.ToString());
        await intruder.TransactionManager.SendTransactionAsync(new Nethereum.RPC.Eth.DTOs.TransactionInput
        {
            From = intruder.TransactionManager.Account.Address, To = bobAddress, Value = new Nethereum.Hex.HexTypes.HexBigInteger(1),
            Nonce = new Nethereum.Hex.HexTypes.HexBigInteger(sent.RelayNonce!.Value), Type = new Nethereum.Hex.HexTypes.HexBigInteger(2),
            Gas = new Nethereum.Hex.HexTypes.HexBigInteger(21_000),
            MaxFeePerGas = new Nethereum.Hex.HexTypes.HexBigInteger(BigInteger.Pow(10, 12)),
            MaxPriorityFeePerGas = new Nethereum.Hex.HexTypes.HexBigInteger(BigInteger.Pow(10, 11)),
        });
        await MiningAsync(api, on: true);
        var settled = await alice.Http.WaitUntilSettledAsync(transfer.Id, Settle);

        Assert.Equal(TransferStatus.Confirmed, settled.Status);
        Assert.True((await api.OutboxRowAsync(transfer.Id)).RelayNonce > sent.RelayNonce);
        Assert.Equal(WalletApi.Units(1), await api.CoinBalanceAsync(bobAddress));
        Assert.Equal(1, await api.RequestsRunBesidesDelegationAsync(aliceAddress));
    }

    [Fact]
    public async Task SendTransfers_InOneBatchWhoseRelayerNonceAnotherTransactionTook_AreSentTogetherUnderANewNonceAndEachPaysOnce()
    {
        await using var anvil = new ExternalAnvil();
        await anvil.StartAsync();
        await using var api = new ApiFactory { Settings = new Dictionary<string, string>(ExternalChain(anvil)) { ["Wallet:StuckAfterSeconds"] = "2" } };
        var (senders, bobAddress) = await SendersAndBobAsync(api, anvil, 3);
        await anvil.StopAsync();
        var queued = new List<TransferView>();
        for (var i = 0; i < senders.Count; i++)
            queued.Add(await (await senders[i].User.SendAsync(bobAddress, $"{i + 1}", Guid.NewGuid().ToString())).ReadTransferAsync());
        await anvil.StartAsync(mining: false); // the first pass signs the three into one batch and sends it; nothing is mined
        var sent = new List<OutgoingTransfer>();
        foreach (var t in queued) sent.Add(await WaitForAsync(() => api.OutboxRowAsync(t.Id), r => r.Status == TransferStatus.Broadcast));
        var (batchHash, batchNonce) = Assert.Single(sent.Select(r => (r.TxHash, r.RelayNonce!.Value)).Distinct());

        // Someone else uses the relayer's key at the batch's nonce, paying more, so the node keeps theirs.
        var relayerKey = api.Services.GetRequiredService<WalletKeys>().Wallet!.ExportPrivateKey(WalletKeys.RelayerIndex);
        var intruder = new Nethereum.Web3.Web3(new Nethereum.Web3.Accounts.Account(relayerKey, 31337), anvil.RpcUrl.ToString());
        await intruder.TransactionManager.SendTransactionAsync(new Nethereum.RPC.Eth.DTOs.TransactionInput
        {
            From = intruder.TransactionManager.Account.Address, To = bobAddress, Value = new Nethereum.Hex.HexTypes.HexBigInteger(1),
            Nonce = new Nethereum.Hex.HexTypes.HexBigInteger(batchNonce), Type = new Nethereum.Hex.HexTypes.HexBigInteger(2),
            Gas = new Nethereum.Hex.HexTypes.HexBigInteger(21_000),
            MaxFeePerGas = new Nethereum.Hex.HexTypes.HexBigInteger(BigInteger.Pow(10, 12)),
            MaxPriorityFeePerGas = new Nethereum.Hex.HexTypes.HexBigInteger(BigInteger.Pow(10, 11)),
        });
        await MiningAsync(api, on: true);
        var settled = new List<TransferView>();
        for (var i = 0; i < senders.Count; i++) settled.Add(await senders[i].User.Http.WaitUntilSettledAsync(queued[i].Id, Settle));

        Assert.All(settled, t => Assert.Equal(TransferStatus.Confirmed, t.Status));
        var newHash = Assert.Single(settled.Select(t => t.TxHash).Distinct()); // still one transaction for the three
        Assert.NotEqual(batchHash, newHash);
        var rows = new List<OutgoingTransfer>();
        foreach (var t in queued) rows.Add(await api.OutboxRowAsync(t.Id));
        var newNonce = Assert.Single(rows.Select(r => r.RelayNonce).Distinct());
        Assert.True(newNonce > batchNonce);
        Assert.Null(await api.Chain().Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(batchHash)); // the first version never ran
        Assert.Equal(WalletApi.Units(6), await api.CoinBalanceAsync(bobAddress));
        for (var i = 0; i < senders.Count; i++)
        {
            Assert.Equal(WalletApi.Units(10 - (i + 1)), await api.CoinBalanceAsync(senders[i].Address));
            Assert.Equal(1, await api.RequestsRunBesidesDelegationAsync(senders[i].Address)); // the forwarder ran each once
        }
    }

    [Fact]
    public async Task SendTransfers_QueuedWhileTheChainIsDown_GoOutInOneBatchAndEachConfirmsOnce()
    {
        await using var anvil = new ExternalAnvil();
        await anvil.StartAsync();
        await using var api = new ApiFactory { Settings = ExternalChain(anvil) };
        var (senders, bobAddress) = await SendersAndBobAsync(api, anvil, 3);

        await anvil.StopAsync();
        var queued = new List<TransferView>();
        for (var i = 0; i < senders.Count; i++)
            queued.Add(await (await senders[i].User.SendAsync(bobAddress, $"{i + 1}", Guid.NewGuid().ToString())).ReadTransferAsync());
        await anvil.StartAsync(); // the first pass after the outage finds all three requested
        var settled = new List<TransferView>();
        for (var i = 0; i < senders.Count; i++) settled.Add(await senders[i].User.Http.WaitUntilSettledAsync(queued[i].Id, Settle));

        Assert.All(settled, t => Assert.Equal(TransferStatus.Confirmed, t.Status));
        Assert.Single(settled.Select(t => t.TxHash).Distinct()); // one relayer transaction carried them all
        Assert.Equal(WalletApi.Units(6), await api.CoinBalanceAsync(bobAddress));
        foreach (var (_, address) in senders) Assert.Equal(1, await api.RequestsRunBesidesDelegationAsync(address));
    }

    [Fact]
    public async Task SendTransfers_InOneBatch_ProcessStoppedBetweenSigningAndBroadcast_CompleteExactlyOnceAfterRestart()
    {
        await using var anvil = new ExternalAnvil();
        await anvil.StartAsync();
        var settings = ExternalChain(anvil);
        List<(Guid UserId, Guid TransferId, string Address)> sent = [];
        string bobAddress, dataDirectory, storedHash;
        await using (var first = new ApiFactory { Settings = new Dictionary<string, string>(settings) { ["Wallet:Faults:StopAfterSigning"] = "true" }, KeepDatabase = true })
        {
            dataDirectory = first.DataDirectory;
            (var senders, bobAddress) = await SendersAndBobAsync(first, anvil, 3);
            await anvil.StopAsync();
            for (var i = 0; i < senders.Count; i++)
                sent.Add((senders[i].User.Id, (await (await senders[i].User.SendAsync(bobAddress, "2", Guid.NewGuid().ToString())).ReadTransferAsync()).Id,
                    senders[i].Address));
            await anvil.StartAsync(); // one pass signs all three into one batch, stores it, and the broadcaster stops

            var rows = new List<OutgoingTransfer>();
            foreach (var (_, transferId, _) in sent) rows.Add(await WaitForAsync(() => first.OutboxRowAsync(transferId), r => r.Status == TransferStatus.Signed));
            storedHash = Assert.Single(rows.Select(r => r.TxHash).Distinct())!;
            await first.RelayTransactionAsync(storedHash); // its bytes are stored before anything is sent
            Assert.Null(await first.Chain().Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(storedHash));
        }

        await using var second = new ApiFactory { DataDirectory = dataDirectory, Settings = settings };
        Assert.Equal(HttpStatusCode.OK, (await second.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
        foreach (var (userId, transferId, address) in sent)
        {
            using var again = second.CreateClient();
            again.DefaultRequestHeaders.Add(TestAuthHandler.Header, userId.ToString());
            again.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var settled = await again.WaitUntilSettledAsync(transferId, Settle);
            Assert.Equal((TransferStatus.Confirmed, storedHash), (settled.Status, settled.TxHash)); // the stored batch went out, not a new one
            Assert.Equal(1, await second.RequestsRunBesidesDelegationAsync(address));
        }
        Assert.Equal(WalletApi.Units(6), await second.CoinBalanceAsync(bobAddress));
    }

    [Fact]
    public async Task SendTransfers_InOneBatchWhoseBlockAReorgDrops_AreMinedAgainExactlyOnceWithTheSameBytes()
    {
        await using var anvil = new ExternalAnvil();
        await anvil.StartAsync();
        await using var api = new ApiFactory { Settings = ExternalChain(anvil) };
        var (senders, bobAddress) = await SendersAndBobAsync(api, anvil, 3);
        await anvil.StopAsync();
        var queued = new List<TransferView>();
        foreach (var (user, _) in senders) queued.Add(await (await user.SendAsync(bobAddress, "2", Guid.NewGuid().ToString())).ReadTransferAsync());
        await anvil.StartAsync();
        var first = new List<OutgoingTransfer>();
        for (var i = 0; i < senders.Count; i++)
        {
            await senders[i].User.Http.WaitUntilSettledAsync(queued[i].Id, Settle);
            first.Add(await api.OutboxRowAsync(queued[i].Id));
        }
        var batchHash = Assert.Single(first.Select(r => r.TxHash).Distinct())!;
        var block = Assert.Single(first.Select(r => r.BlockNumber).Distinct())!.Value;

        var head = (long)(await api.Chain().Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        await RpcAsync(api, "anvil_reorg", head - block + 1, Array.Empty<object>()); // empty blocks from the batch's on
        Assert.Null(await api.Chain().Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(batchHash));

        foreach (var row in first)
        {
            var again = await WaitForAsync(() => api.OutboxRowAsync(row.Id), r => r.Status == TransferStatus.Confirmed && r.BlockHash != row.BlockHash);
            Assert.Equal(batchHash, again.TxHash); // the stored batch went out again: no second signature
        }
        Assert.Equal(WalletApi.Units(6), await api.CoinBalanceAsync(bobAddress));
        foreach (var (_, address) in senders)
        {
            Assert.Equal(WalletApi.Units(8), await api.CoinBalanceAsync(address));
            Assert.Equal(1, await api.RequestsRunBesidesDelegationAsync(address));
        }
    }

    [Fact]
    public async Task SendTransfers_InOneBatchStuckBelowTheBaseFee_AreRepricedUnderTheSameNonceAndEachConfirmsOnce()
    {
        await using var anvil = new ExternalAnvil();
        await anvil.StartAsync();
        await using var api = new ApiFactory { Settings = new Dictionary<string, string>(ExternalChain(anvil)) { ["Wallet:StuckAfterSeconds"] = "3" } };
        var (senders, bobAddress) = await SendersAndBobAsync(api, anvil, 5);
        await anvil.StopAsync();
        var queued = new List<TransferView>();
        for (var i = 0; i < senders.Count; i++)
            queued.Add(await (await senders[i].User.SendAsync(bobAddress, $"{i + 1}", Guid.NewGuid().ToString())).ReadTransferAsync());

        // Back without mining: the first pass signs all five into one batch priced from the head it sees; the next block's base
        // fee is far above that, so the batch is either refused by the node or waits in its pool until it is repriced.
        await anvil.StartAsync(mining: false);
        await RpcAsync(api, "anvil_setNextBlockBaseFeePerGas", "0x" + BigInteger.Pow(10, 12).ToString("x"));
        var signed = new List<OutgoingTransfer>();
        foreach (var t in queued) signed.Add(await WaitForAsync(() => api.OutboxRowAsync(t.Id), r => r.RelayNonce is not null));
        var nonce = Assert.Single(signed.Select(r => r.RelayNonce).Distinct()); // one batch (its hash may change under us: repricing)
        await MiningAsync(api, on: true);
        var settled = new List<TransferView>();
        for (var i = 0; i < senders.Count; i++) settled.Add(await senders[i].User.Http.WaitUntilSettledAsync(queued[i].Id, Settle));

        Assert.All(settled, t => Assert.Equal(TransferStatus.Confirmed, t.Status));
        var batchHash = Assert.Single(settled.Select(t => t.TxHash).Distinct()); // still one transaction for the five
        var rows = new List<OutgoingTransfer>();
        foreach (var t in queued) rows.Add(await api.OutboxRowAsync(t.Id));
        Assert.All(rows, r => Assert.Equal((nonce, batchHash), (r.RelayNonce, r.TxHash))); // signed again under the same nonce
        Assert.All(rows, r => Assert.NotNull(r.ReplacedTxHashes));
        foreach (var replaced in rows[0].ReplacedTxHashes!.Split(',').Where(h => h != batchHash))
            Assert.Null(await api.Chain().Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(replaced)); // no earlier version ran
        Assert.Equal(WalletApi.Units(15), await api.CoinBalanceAsync(bobAddress));
        for (var i = 0; i < senders.Count; i++)
        {
            Assert.Equal(WalletApi.Units(10 - (i + 1)), await api.CoinBalanceAsync(senders[i].Address));
            Assert.Equal(1, await api.RequestsRunBesidesDelegationAsync(senders[i].Address));
        }
    }

    [Fact]
    public async Task SendTransfers_InOneBatchWhereOneRequestRevertsOnChain_TheOthersLandAndEachEndsOnce()
    {
        await using var anvil = new ExternalAnvil();
        await anvil.StartAsync();
        await using var api = new ApiFactory { Settings = ExternalChain(anvil) };
        var (senders, bobAddress) = await SendersAndBobAsync(api, anvil, 5);
        await anvil.StopAsync();
        var queued = new List<TransferView>();
        foreach (var (user, _) in senders) queued.Add(await (await user.SendAsync(bobAddress, "2", Guid.NewGuid().ToString())).ReadTransferAsync());
        await anvil.StartAsync(mining: false);
        var sent = new List<OutgoingTransfer>();
        foreach (var t in queued) sent.Add(await WaitForAsync(() => api.OutboxRowAsync(t.Id), r => r.Status == TransferStatus.Broadcast));
        var batchHash = Assert.Single(sent.Select(r => r.TxHash).Distinct())!;

        // Before the batch is mined, the first sender's coins leave by another way (its own transaction, with a higher tip so
        // the node orders it first): its request in the batch now reverts, the other four must not.
        var spender = senders[0].Address;
        const string elsewhere = "0x000000000000000000000000000000000000dead";
        await RpcAsync(api, "anvil_setBalance", spender, "0x" + BigInteger.Pow(10, 18).ToString("x"));
        await RpcAsync(api, "anvil_impersonateAccount", spender);
        var spent = await api.Chain().Web3.Client.SendRequestAsync<string>(new RpcRequest(Guid.NewGuid().ToString(), "eth_sendTransaction", new Dictionary<string, string>
        {
            ["from"] = spender, ["to"] = api.Chain().Contracts.ChatCoin,
            ["data"] = Nethereum.Hex.HexConvertors.Extensions.HexByteConvertorExtensions.ToHex(
                OpenChat.Chain.Wallet.Contracts.ContractArtifact.ChatCoin.Encode("transfer", elsewhere, WalletApi.Units(10)), true),
            ["gas"] = "0x30d40", ["maxFeePerGas"] = "0x" + BigInteger.Pow(10, 12).ToString("x"), ["maxPriorityFeePerGas"] = "0x" + BigInteger.Pow(10, 11).ToString("x"),
        }));
        await MiningAsync(api, on: true);
        var settled = new List<TransferView>();
        for (var i = 0; i < senders.Count; i++) settled.Add(await senders[i].User.Http.WaitUntilSettledAsync(queued[i].Id, Settle));

        var spentReceipt = await api.Chain().Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(spent);
        var batchReceipt = await api.Chain().Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(batchHash);
        Assert.True((spentReceipt.BlockNumber.Value, spentReceipt.TransactionIndex.Value).CompareTo((batchReceipt.BlockNumber.Value, batchReceipt.TransactionIndex.Value)) < 0);
        Assert.Equal((TransferStatus.Failed, OutgoingTransfer.Reverted, batchHash), (settled[0].Status, settled[0].FailureReason, settled[0].TxHash));
        Assert.All(settled.Skip(1), t => Assert.Equal((TransferStatus.Confirmed, batchHash), (t.Status, t.TxHash)));
        Assert.Equal(WalletApi.Units(8), await api.CoinBalanceAsync(bobAddress));
        Assert.Equal(WalletApi.Units(10), await api.CoinBalanceAsync(elsewhere));
        Assert.Equal(BigInteger.Zero, await api.CoinBalanceAsync(spender));
        Assert.Equal("0", (await senders[0].User.GetWalletAsync()).PendingOut);
        foreach (var (_, address) in senders) Assert.Equal(1, await api.RequestsRunBesidesDelegationAsync(address)); // the forwarder ran each once
    }

    static Dictionary<string, string> ExternalChain(ExternalAnvil anvil) => new()
    {
        ["Chain:RpcUrl"] = anvil.RpcUrl.ToString(),
        ["Chain:DeployerPrivateKey"] = EmbeddedAnvil.DevAccountKey,
        ["Wallet:SeedPassphrase"] = "a test passphrase, not a secret",
        ["Wallet:FundRelayer"] = "true",
    };

    // Funded senders with nothing of theirs in flight when the test queues their transfers (no row, or every row settled),
    // and a recipient; the chain so far is in anvil's state file, so an outage loses none of it.
    static async Task<(List<(TestUser User, string Address)> Senders, string BobAddress)> SendersAndBobAsync(ApiFactory api, ExternalAnvil anvil, int count)
    {
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
        var senders = new List<(TestUser, string)>();
        for (var i = 0; i < count; i++)
        {
            var user = await api.CreateUserAsync($"sender{i}");
            senders.Add((user, await api.FundAsync(user, 10)));
        }
        var bobAddress = (await (await api.CreateUserAsync("bob")).GetWalletAsync()).Address;
        foreach (var (_, address) in senders)
            await WaitForAsync(() => SettledAsync(api, address), settled => settled);
        await anvil.StateSavedAsync();
        return (senders, bobAddress);
    }

    static async Task<bool> SettledAsync(ApiFactory api, string address)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<OpenChat.Chain.Wallet.WalletDb>().OutgoingTransfers.AsNoTracking()
            .Where(t => t.From == address).ToListAsync();
        return rows.All(t => !t.InFlight);
    }

    static async Task<(TestUser Alice, TestUser Bob, string AliceAddress, string BobAddress)> AliceAndBobAsync(ApiFactory api)
    {
        Assert.Equal(HttpStatusCode.OK, (await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
        var (alice, bob) = (await api.CreateUserAsync("alice"), await api.CreateUserAsync("bob"));
        var aliceAddress = await api.FundAsync(alice, 10);
        return (alice, bob, aliceAddress, (await bob.GetWalletAsync()).Address);
    }

    // anvil runs with --block-time: interval mining 0 stops it (automine is off), 1 starts it again.
    static Task MiningAsync(ApiFactory api, bool on) => RpcAsync(api, "evm_setIntervalMining", on ? 1 : 0);

    static Task RpcAsync(ApiFactory api, string method, params object[] args) =>
        api.Chain().Web3.Client.SendRequestAsync<object>(new RpcRequest(Guid.NewGuid().ToString(), method, args));

    /// <summary>Waits until the chain has mined <paramref name="count"/> blocks past its head as of now.</summary>
    static async Task BlocksMinedAsync(ApiFactory api, int count)
    {
        var blocks = api.Chain().Web3.Eth.Blocks.GetBlockNumber;
        var start = (await blocks.SendRequestAsync()).Value;
        await WaitForAsync(async () => (await blocks.SendRequestAsync()).Value, head => head >= start + count);
    }

    static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) Assert.Fail($"still {value} after 60 s");
            await Task.Delay(100);
        }
    }
}
