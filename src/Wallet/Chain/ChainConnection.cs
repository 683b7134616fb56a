using Nethereum.Web3;
using OpenChat.Chain.Wallet.Contracts;

namespace OpenChat.Chain.Wallet.Chain;

/// <summary>A live connection to the chain with the system's contracts on it.</summary>
/// <param name="SystemAccount">The deployer/relayer account that pays gas for users.</param>
public sealed record ChainConnection(IWeb3 Web3, Uri RpcUrl, bool Embedded, string SystemAccount, ChainContracts Contracts)
{
    public long ChainId => Contracts.ChainId;
}
