// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {ITipping} from "./ITipping.sol";

/// @title Tipping
/// @notice Tips chat messages in ChatCoin.
/// @dev Security: holds no funds, has no owner and nothing to configure. Its only call that moves coins is
/// `transferFrom(tipper, author, amount)` with `tipper` its own `_msgSender()`: the caller, or the signer of a
/// request the trusted ERC-2771 forwarder verified. So it only moves coins of the account that asked it to, to
/// the author that account named. ChatCoin creates one Tipping in its constructor (same forwarder) and trusts
/// it as a spender that needs no allowance; any other Tipping spends within the allowance the tipper gave it.
contract Tipping is ITipping, ERC2771Context {
    using SafeERC20 for IERC20;

    IERC20 private immutable _coin;

    /// @param coin_ The coin tips are paid in (ChatCoin).
    /// @param forwarder The trusted ERC-2771 forwarder that relays gasless requests.
    constructor(IERC20 coin_, address forwarder) ERC2771Context(forwarder) {
        _coin = coin_;
    }

    /// @notice The coin tips are paid in.
    function coin() external view returns (IERC20) {
        return _coin;
    }

    /// @inheritdoc ITipping
    function tip(address author, uint256 amount, bytes32 messageRef) external {
        address tipper = _msgSender(); // ERC-2771: the signer of a relayed request, not the relayer
        _requireValidTip(tipper, author, amount);
        _pay(tipper, author, amount, messageRef);
    }

    /// @inheritdoc ITipping
    function tipWithPermit(
        address author,
        uint256 amount,
        bytes32 messageRef,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        address tipper = _msgSender();
        _requireValidTip(tipper, author, amount);
        // ChatCoin's own Tipping needs no allowance, and a permit front-run by someone else has already set it:
        // the permit is only tried when the allowance is short, and the transfer checks the allowance in any case.
        if (_coin.allowance(tipper, address(this)) < amount) {
            try IERC20Permit(address(_coin)).permit(tipper, address(this), amount, permitDeadline, v, r, s) {} catch {}
        }
        _pay(tipper, author, amount, messageRef);
    }

    function _requireValidTip(address tipper, address author, uint256 amount) private pure {
        if (amount == 0) revert TippingZeroAmount();
        if (author == address(0)) revert TippingZeroAuthor();
        if (author == tipper) revert TippingSelfTip(tipper);
    }

    function _pay(address tipper, address author, uint256 amount, bytes32 messageRef) private {
        emit MessageTipped(messageRef, tipper, author, amount);
        _coin.safeTransferFrom(tipper, author, amount); // interaction last
    }
}
