using Mediator;
using OpenChat.Chain.Kernel;
using OpenChat.Chain.Wallet.Keys;

namespace OpenChat.Chain.Wallet.Transfers;

/// <summary>
/// Hands the caller their own account's private key (to import into MetaMask and leave custody). Security: the caller
/// confirms by typing their address back; the key is never logged or stored, and the response must not be cached.
/// </summary>
public sealed record ExportKey(int AccountIndex, string? ConfirmAddress) : ICommand<Result<ExportedKey>>;

public sealed record ExportedKey(string Address, string PrivateKey)
{
    public override string ToString() => $"{nameof(ExportedKey)}({Address}, key redacted)";
}

public sealed class ExportKeyHandler(WalletKeys keys) : ICommandHandler<ExportKey, Result<ExportedKey>>
{
    public async ValueTask<Result<ExportedKey>> Handle(ExportKey cmd, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cmd.AccountIndex); // 0 is the relayer: never exported
        if (await keys.GetAsync(ct) is not { } wallet) return WalletErrors.KeysUnavailable;
        var address = wallet.AddressOf(cmd.AccountIndex);
        if (!string.Equals(cmd.ConfirmAddress?.Trim(), address, StringComparison.OrdinalIgnoreCase)) return WalletErrors.ExportNotConfirmed;
        return new ExportedKey(address, wallet.ExportPrivateKey(cmd.AccountIndex));
    }
}
