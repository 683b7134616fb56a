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

/// @title ChatCoin
/// @notice The chat's ERC-20: transfers, tips, red envelopes and governance votes are all paid in it.
/// @dev Security: only the owner, the governance timelock, can mint, and never beyond the cap. Nobody can
/// burn or move another holder's coins without an allowance (approve or EIP-2612 permit). Calls relayed by
/// the trusted ERC-2771 forwarder act for the signer of the request, so holders need no ETH for gas.
/// Votes use a timestamp clock (EIP-6372), as the Governor does.
contract ChatCoin is ERC20, ERC20Permit, ERC20Votes, ERC20Capped, ERC2771Context, Ownable {
    /// @notice The initial distribution lists differ in length.
    error ChatCoinDistributionMismatch(uint256 recipients, uint256 amounts);

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
