using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using OpenChat.Chain.Api.Tests.Support;
using OpenChat.Chain.Api.Tests.Wallet;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Api.Tests.Payments;

/// <summary>A payment from a chat survives the service dying half-way: one transfer on chain, one message that says so.</summary>
public sealed class PaymentRecoveryTests
{
    [Fact]
    public async Task TransferInChat_ServiceKilledBetweenSigningAndBroadcast_EndsWithOneTransferAndOneConfirmedMessage()
    {
        string dataDirectory, bobAddress, aliceAddress;
        Guid aliceId, chatId, messageId, transferId;
        var settings = PaymentApi.Settings();
        settings["Wallet:Faults:StopAfterSigning"] = "true";
        await using (var first = new ApiFactory { Settings = settings, KeepDatabase = true })
        {
            dataDirectory = first.DataDirectory;
            Assert.Equal(HttpStatusCode.OK, (await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
            var alice = await (await first.CreateUserAsync("alice")).WithPasskeyAsync();
            var bob = await first.CreateUserAsync("bob");
            aliceId = alice.Id;
            aliceAddress = await first.FundAsync(alice.User, 10);
            bobAddress = (await bob.GetWalletAsync()).Address;
            var chat = await alice.User.DirectChatWith(bob);
            chatId = chat.Id;

            var paid = await (await alice.SendInChatAsync(chat.Id, bob.Id, "3", Guid.NewGuid().ToString())).ReadPaymentAsync();
            (messageId, transferId) = (paid.MessageId!.Value, paid.TransferId!.Value);
            await alice.User.WaitForPayloadAsync(chat.Id, messageId, p => (string?)p["status"] == nameof(TransferStatus.Signed));
        } // the service stops with the transaction signed and stored, never sent

        await using var second = new ApiFactory { DataDirectory = dataDirectory, Settings = PaymentApi.Settings() };
        Assert.Equal(HttpStatusCode.OK, (await second.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90))).StatusCode);
        var http = second.CreateClient();
        http.DefaultRequestHeaders.Add(TestAuthHandler.Header, aliceId.ToString());
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var aliceAgain = new TestUser(aliceId, "alice", http, second);

        var (_, payload) = await aliceAgain.WaitForPayloadAsync(chatId, messageId, p => (string?)p["status"] == nameof(TransferStatus.Confirmed));

        Assert.Single(await aliceAgain.History(chatId));
        Assert.Equal((await second.OutboxRowAsync(transferId)).TxHash, (string?)payload["txHash"]);
        Assert.Equal(WalletApi.Units(3), await second.CoinBalanceAsync(bobAddress));
        Assert.Equal(WalletApi.Units(7), await second.CoinBalanceAsync(aliceAddress));
        Assert.Equal(1, await second.RequestsRunBesidesDelegationAsync(aliceAddress));
    }
}
