using Nethereum.Signer;

namespace OpenChat.Chain.Wallet.Keys;

/// <summary>Process-wide signing settings; the host calls them once at start-up.</summary>
public static class SigningSetup
{
    /// <summary>
    /// Makes Nethereum's <see cref="EthECKey"/> (Web3 accounts, transaction managers, EIP-712 signers) sign through
    /// NBitcoin.Secp256k1 instead of BouncyCastle: byte-identical signatures, an order of magnitude faster. Idempotent.
    /// (<see cref="HdWallet"/> signs through <see cref="FastSecp256k1Signer"/>, native libsecp256k1, faster still.)
    /// </summary>
    /// <remarks>
    /// Nethereum 6.1 passes the key to NBitcoin as BouncyCastle's minimal big-endian bytes, so under this switch an
    /// <see cref="EthECKey"/> whose private key starts with a zero byte (1 key in 256) throws ArgumentException when it
    /// signs. <see cref="EthECKey.GenerateKey()"/> never makes such keys; keys read from configuration or exported from
    /// <see cref="HdWallet"/> can. <see cref="HdWallet"/> itself signs through <see cref="FastSecp256k1Signer"/> and
    /// needs neither this switch nor <see cref="EthECKey"/>.
    /// </remarks>
    public static void UseFastSecp256k1() => EthECKey.SignRecoverable = true;
}
