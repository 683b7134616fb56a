using System.Numerics;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Wallet.Tests.Sending;

public sealed class OutgoingTransferTests
{
    static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
    static readonly SignedRelay Relay = new("0x02", "0xaa", 2, 1);

    static OutgoingTransfer New() => new(Guid.NewGuid(), 1, "key", TransferKind.Transfer,
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", BigInteger.One, Now);

    [Fact]
    public void OutgoingTransfer_FollowedThroughItsLife_EndsConfirmedWithTheMinedHash()
    {
        var transfer = New();
        transfer.MarkSigned(0, 7, Relay, Now);
        transfer.MarkBroadcast(Now);
        transfer.MarkReplaced(Relay with { TxHash = "0xbb", RawTransaction = "0x03" }, Now);
        transfer.MarkBroadcast(Now);
        Assert.Equal(["0xaa", "0xbb"], transfer.AllTxHashes); // receipts are looked up for every version
        transfer.MarkConfirmed("0xaa", 12, "0xB1", Now); // the replaced version was the one mined

        Assert.Equal(TransferStatus.Confirmed, transfer.Status);
        Assert.Equal("0xaa", transfer.ToView().TxHash);
    }

    [Fact]
    public void OutgoingTransfer_ConfirmedBeforeBroadcast_Throws()
    {
        var transfer = New();
        transfer.MarkSigned(0, 7, Relay, Now);
        Assert.Throws<InvalidOperationException>(() => transfer.MarkConfirmed("0xaa", 1, "0xb1", Now));
    }

    [Fact]
    public void OutgoingTransfer_WhoseBlockAReorgDropped_IsSignedAgainWithTheSameBytes()
    {
        var transfer = New();
        transfer.MarkSigned(0, 7, Relay, Now);
        transfer.MarkBroadcast(Now);
        transfer.MarkConfirmed("0xaa", 12, "0xb1", Now);

        transfer.MarkUnmined();

        // The same hash, so the same stored RelayTransaction bytes go out again.
        Assert.Equal((TransferStatus.Signed, null, null, null, "0xaa"),
            (transfer.Status, transfer.BlockNumber, transfer.BlockHash, transfer.CompletedAt, transfer.TxHash));
        transfer.MarkBroadcast(Now); // and it goes the usual way again
    }

    [Fact]
    public void OutgoingTransfer_MinedAgainAfterAReorg_TakesTheNewBlockAndOutcome()
    {
        var transfer = New();
        transfer.MarkSigned(0, 7, Relay, Now);
        transfer.MarkBroadcast(Now);
        transfer.MarkConfirmed("0xaa", 12, "0xb1", Now);

        transfer.MarkRemined("0xaa", 13, "0xC2", succeeded: false, outcome: null);

        Assert.Equal((TransferStatus.Failed, 13L, "0xc2", "reverted on chain"),
            (transfer.Status, transfer.BlockNumber, transfer.BlockHash, transfer.FailureReason));
    }

    [Fact]
    public void OutgoingTransfer_NeverMined_CannotBeUnmined()
    {
        var transfer = New();
        transfer.MarkSigned(0, 7, Relay, Now);
        transfer.MarkBroadcast(Now);
        Assert.Throws<InvalidOperationException>(transfer.MarkUnmined);
    }

    [Fact]
    public void OutgoingTransfer_SignedTwice_Throws()
    {
        var transfer = New();
        transfer.MarkSigned(0, 7, Relay, Now);
        Assert.Throws<InvalidOperationException>(() => transfer.MarkSigned(1, 8, Relay, Now));
    }

    [Fact]
    public void OutgoingTransfer_RejectedAfterSigning_Throws()
    {
        var transfer = New();
        transfer.MarkSigned(0, 7, Relay, Now);
        Assert.Throws<InvalidOperationException>(() => transfer.Reject("insufficient balance", Now));
    }
}
