using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Api.Tests.Support;

/// <summary>
/// Fault injection for crash tests, outside production code: with the setting <see cref="Setting"/> = "true" the
/// broadcaster hangs for good at the first relayer transaction carrying a ChatCoin transfer, after it was stored and
/// before the node sees it, as if the process had died there (other rows, such as a new account's self-delegation, go
/// their usual way until then). Disposing the host ends the hang.
/// </summary>
public sealed class StopAfterSigning(IRawTransactionSender inner) : IRawTransactionSender
{
    public const string Setting = "Wallet:Faults:StopAfterSigning";
    // transfer(address,uint256): the first four bytes of keccak256 of the signature.
    const string TransferSelector = "a9059cbb";
    volatile bool _stopped;

    public static void Register(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IRawTransactionSender>(_ => new StopAfterSigning(new NodeRawTransactionSender())));

    public async Task SendAsync(ChainConnection chain, string rawTransaction, CancellationToken ct)
    {
        _stopped |= CarriesTransfer(rawTransaction);
        if (_stopped) await Task.Delay(Timeout.Infinite, ct);
        await inner.SendAsync(chain, rawTransaction, ct);
    }

    // executeBatch's calldata holds each request's call as ABI `bytes`, which start on a 32-byte word after the selector.
    static bool CarriesTransfer(string raw)
    {
        var data = ((Transaction1559)TransactionFactory.CreateTransaction(raw)).Data.RemoveHexPrefix();
        for (var at = data.IndexOf(TransferSelector, StringComparison.Ordinal); at >= 0; at = data.IndexOf(TransferSelector, at + 1, StringComparison.Ordinal))
            if ((at - 8) % 64 == 0) return true;
        return false;
    }
}
