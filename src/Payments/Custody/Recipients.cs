using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Chain;
using OpenChat.Chain.Wallet.Sending;

namespace OpenChat.Chain.Payments.Custody;

/// <summary>
/// Where coins may be sent. Security: ChatCoin sent to the zero address or to one of the service's own contracts (the
/// token, the envelopes, the governor, the timelock, the forwarder…) is lost for good: none of them can send it back.
/// Any other contract may or may not handle a plain ERC-20 transfer, so the owner has to say they mean it.
/// </summary>
public sealed class Recipients(ChainStatus chain)
{
    const string Zero = "0x0000000000000000000000000000000000000000";

    /// <param name="hasCode">Whether the address has code, when the caller already read it (with the balance) for this request.</param>
    public async Task<Error?> CheckAsync(string address, bool acknowledgedContract, CancellationToken ct, bool? hasCode = null)
    {
        if (string.Equals(address, Zero, StringComparison.OrdinalIgnoreCase)) return RecipientErrors.ZeroAddress;
        if (chain.Connection is not { } connection) return null; // the chain re-checks nothing, but nothing is sent while it is down either
        if (connection.Contracts.ByName().Values.Append(connection.SystemAccount).Any(own => string.Equals(own, address, StringComparison.OrdinalIgnoreCase)))
            return RecipientErrors.ServiceContract;
        if (acknowledgedContract) return null;
        if (hasCode is { } known) return known ? RecipientErrors.ContractNotAcknowledged : null;
        string code;
        try
        {
            code = await connection.Web3.Eth.GetCode.SendRequestAsync(address).WaitAsync(ChainReads.RequestTimeout, ct);
        }
        catch (Exception e) when (ChainReads.IsOutage(e))
        {
            // A transfer made while the chain is down is queued (see SendTransfer); the service's own contracts and the
            // zero address were refused above without it, only an unknown contract cannot be recognised now.
            return null;
        }
        return code is null or "0x" or "" ? null : RecipientErrors.ContractNotAcknowledged;
    }
}

public static class RecipientErrors
{
    public static readonly Error ZeroAddress = new("wallet.recipient_zero_address", ErrorKind.Invalid,
        "Coins sent to the zero address are burnt: nobody can ever spend them");
    public static readonly Error ServiceContract = new("wallet.recipient_service_contract", ErrorKind.Invalid,
        "That address is one of this service's own contracts: coins sent there are lost");
    public static readonly Error ContractNotAcknowledged = new("wallet.recipient_is_contract", ErrorKind.Invalid,
        "That address is a contract, which may not be able to move the coins again; send \"acknowledgeContractRecipient\": true if you mean it");
}
