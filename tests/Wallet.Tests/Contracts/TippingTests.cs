using System.Numerics;
using Nethereum.Contracts;
using OpenChat.Chain.Tests.Support;
using OpenChat.Chain.Wallet.Contracts;

namespace OpenChat.Chain.Wallet.Tests.Contracts;

public sealed class TippingTests(AnvilFixture chain)
{
    [Fact]
    public async Task Tip_MovesCoinsToTheAuthor_AndNamesTheMessage()
    {
        var alice = await chain.NewActorAsync("alice", coins: 100);
        var bob = await chain.NewActorAsync("bob", coins: 1);
        var messageRef = Guid.NewGuid().ToByteArray().Concat(new byte[16]).ToArray();
        var tip = AnvilFixture.Coins(2.5m);

        // No approval and no spender: a tip is the tipper's own ChatCoin transfer with a memo event.
        var receipt = await alice.SendAsync(chain.Contracts.ChatCoin, ContractArtifact.ChatCoin, "tip", bob.Address, tip, messageRef);

        Assert.Equal(AnvilFixture.Coins(97.5m), await alice.CoinBalanceAsync());
        Assert.Equal(AnvilFixture.Coins(3.5m), await bob.CoinBalanceAsync());
        var tipped = new Nethereum.Web3.Web3().Eth.GetContract(ContractArtifact.ChatCoin.Abi, chain.Contracts.ChatCoin)
            .GetEvent("MessageTipped").DecodeAllEventsDefaultForEvent(receipt.Logs);
        var fields = Assert.Single(tipped).Event.ToDictionary(p => p.Parameter.Name, p => p.Result);
        Assert.Equal(messageRef, (byte[])fields["messageRef"]);
        Assert.Equal(tip, (BigInteger)fields["amount"]);
    }
}
