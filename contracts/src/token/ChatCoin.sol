// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ITipping} from "../tipping/ITipping.sol";
import {Tipping} from "../tipping/Tipping.sol";

/// @title ChatCoin
/// @notice The chat's ERC-20: transfers, tips, red envelopes and governance votes are all paid in it.
/// @dev Security: only the owner, the governance timelock, can mint, and never beyond the cap. Nobody can
/// burn coins. Nobody can move another holder's coins without an allowance (approve or EIP-2612 permit),
/// with one exception: the Tipping contract this coin creates in its constructor is a trusted spender with an
/// unlimited, irrevocable allowance from every holder. That is safe because of what that contract is:
/// - its code is fixed: it is created here (its address is immutable) and has no owner, no upgrade path, no
///   delegatecall and no function other than `tip`/`tipWithPermit`;
/// - its only call that moves coins is `transferFrom(tipper, author, amount)` with `tipper` its own
///   `_msgSender()`: the direct caller, or the signer of a request the trusted forwarder verified. So it only
///   moves coins of the account that asked it to, to the author that account named: what that account could
///   do with `transfer` anyway;
/// - it trusts exactly this coin's forwarder, so the allowance adds no party to trust: a rogue forwarder could
///   already move anyone's coins through this contract's own `transfer`.
/// The gain is a tip without an approval transaction and without an allowance read or write (see the `tip`
/// and `transfer` gas snapshots). Calls relayed by the trusted ERC-2771 forwarder act for the signer of the
/// request, so holders need no ETH for gas. Votes use a timestamp clock (EIP-6372), as the Governor does.
contract ChatCoin is ERC20, ERC20Permit, ERC20Votes, ERC20Capped, ERC2771Context, Ownable {
    /// @notice The initial distribution lists differ in length.
    error ChatCoinDistributionMismatch(uint256 recipients, uint256 amounts);

    ITipping private immutable _tipping;

    /// @param cap_ The hard limit of the total supply, in base units.
    /// @param timelock The governance timelock: the only account that may mint.
    /// @param forwarder The trusted ERC-2771 forwarder that relays gasless requests.
    /// @param recipients Who receives the initial distribution.
    /// @param amounts How much each recipient receives, in base units.
    constructor(
        uint256 cap_,
        address timelock,
        address forwarder,
        address[] memory recipients,
        uint256[] memory amounts
    ) ERC20("ChatCoin", "CHAT") ERC20Permit("ChatCoin") ERC20Capped(cap_) ERC2771Context(forwarder) Ownable(timelock) {
        if (recipients.length != amounts.length) {
            revert ChatCoinDistributionMismatch(recipients.length, amounts.length);
        }
        for (uint256 i = 0; i < recipients.length; ++i) {
            _mint(recipients[i], amounts[i]);
        }
        _tipping = new Tipping(this, forwarder);
    }

    /// @notice The Tipping contract this coin created: tips move coins without an allowance (see the Security note).
    function tipping() external view returns (ITipping) {
        return _tipping;
    }

    /// @notice The coins `spender` may move for `owner`: unlimited for this coin's Tipping contract, which only
    /// ever moves the coins of the account that calls it; the approved allowance for everyone else.
    function allowance(address owner, address spender) public view override returns (uint256) {
        return spender == address(_tipping) ? type(uint256).max : super.allowance(owner, spender);
    }

    /// @notice Mints new coins; only the governance timelock may call it, and the supply never exceeds the cap.
    /// @param to The receiver of the new coins.
    /// @param amount How many base units to mint.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice The EIP-6372 clock: votes are checkpointed by block timestamp.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice The EIP-6372 clock mode.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice The EIP-2612 permit nonce of an owner (shared with vote delegation by signature).
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes, ERC20Capped) {
        super._update(from, to, value);
    }

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}
