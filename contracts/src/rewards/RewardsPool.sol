// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {IRewardsPool} from "./IRewardsPool.sol";

/// @title RewardsPool
/// @notice Pays the welcome and invite rewards out of coins the treasury gave it, within a daily budget.
/// @dev Security: coins leave only three ways: `payWelcome` and `payInvite`, callable by REWARDER_ROLE holders (the
/// chat service, which pays only after the qualifying action and applies per-IP and per-device limits), bounded by one
/// welcome per account, one invite reward per invitee and the daily budget; and `withdraw`, by governance. The
/// DEFAULT_ADMIN_ROLE (the timelock) alone sets the rules and grants or revokes the rewarder, so a leaked rewarder
/// key costs at most a day's budget before governance revokes it. The trusted ERC-2771 forwarder may relay a
/// rewarder's signed request; it cannot hold a role itself (it only relays ECDSA-signed requests).
contract RewardsPool is IRewardsPool, AccessControl, ERC2771Context {
    using SafeERC20 for IERC20;

    /// @notice The role allowed to pay rewards (the chat service).
    bytes32 public constant REWARDER_ROLE = keccak256("REWARDER_ROLE");

    IERC20 private immutable _coin;
    uint128 private _welcomeAmount; // one slot with _inviteAmount: a payment reads both at once
    uint128 private _inviteAmount;
    uint256 private _dailyBudget;
    mapping(uint256 day => uint256 paid) private _spent;
    mapping(address account => bool paid) private _welcomed;
    mapping(address invitee => bool paid) private _invited;

    /// @param coin ChatCoin.
    /// @param governance The timelock: sets the rules, withdraws, grants and revokes the rewarder.
    /// @param rewarder The chat service's account that pays rewards.
    /// @param forwarder The trusted ERC-2771 forwarder.
    /// @param welcomeAmount_ The first welcome reward, in base units.
    /// @param inviteAmount_ The first invite reward to each side, in base units.
    /// @param dailyBudget_ The first daily budget, in base units.
    constructor(
        IERC20 coin,
        address governance,
        address rewarder,
        address forwarder,
        uint128 welcomeAmount_,
        uint128 inviteAmount_,
        uint256 dailyBudget_
    ) ERC2771Context(forwarder) {
        _coin = coin;
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        _grantRole(REWARDER_ROLE, rewarder);
        _setRules(welcomeAmount_, inviteAmount_, dailyBudget_);
    }

    /// @inheritdoc IRewardsPool
    function payWelcome(address account) external onlyRole(REWARDER_ROLE) returns (uint256 amount) {
        if (account == address(0)) revert RewardsPoolZeroAccount();
        if (_welcomed[account]) revert RewardsPoolAlreadyWelcomed(account);
        amount = _welcomeAmount;
        _spend(amount);
        _welcomed[account] = true;
        emit WelcomeRewardPaid(account, amount);
        _coin.safeTransfer(account, amount); // interaction last
    }

    /// @inheritdoc IRewardsPool
    function payInvite(address inviter, address invitee) external onlyRole(REWARDER_ROLE) returns (uint256 amount) {
        if (inviter == address(0) || invitee == address(0) || inviter == invitee) {
            revert RewardsPoolInvalidInvite(inviter, invitee);
        }
        if (_invited[invitee]) revert RewardsPoolAlreadyInvited(invitee);
        amount = _inviteAmount;
        _spend(2 * amount); // cannot overflow: amount < 2^128
        _invited[invitee] = true;
        emit InviteRewardPaid(inviter, invitee, amount);
        _coin.safeTransfer(inviter, amount);
        _coin.safeTransfer(invitee, amount);
    }

    /// @inheritdoc IRewardsPool
    function setRules(uint128 welcomeAmount_, uint128 inviteAmount_, uint256 dailyBudget_)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _setRules(welcomeAmount_, inviteAmount_, dailyBudget_);
    }

    /// @inheritdoc IRewardsPool
    function withdraw(address to, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) {
        emit Withdrawn(to, amount);
        _coin.safeTransfer(to, amount);
    }

    /// @inheritdoc IRewardsPool
    function welcomeAmount() external view returns (uint256) {
        return _welcomeAmount;
    }

    /// @inheritdoc IRewardsPool
    function inviteAmount() external view returns (uint256) {
        return _inviteAmount;
    }

    /// @inheritdoc IRewardsPool
    function dailyBudget() external view returns (uint256) {
        return _dailyBudget;
    }

    /// @inheritdoc IRewardsPool
    function spentOn(uint256 day) external view returns (uint256) {
        return _spent[day];
    }

    /// @inheritdoc IRewardsPool
    function remainingToday() external view returns (uint256) {
        uint256 spent = _spent[block.timestamp / 1 days];
        return spent >= _dailyBudget ? 0 : _dailyBudget - spent;
    }

    /// @inheritdoc IRewardsPool
    function welcomed(address account) external view returns (bool) {
        return _welcomed[account];
    }

    /// @inheritdoc IRewardsPool
    function invited(address invitee) external view returns (bool) {
        return _invited[invitee];
    }

    /// @inheritdoc IRewardsPool
    function balance() external view returns (uint256) {
        return _coin.balanceOf(address(this));
    }

    /// @dev Checks the reward is on, the budget and the balance, then books `amount` against today's budget.
    function _spend(uint256 amount) private {
        if (amount == 0) revert RewardsPoolRewardOff();
        uint256 day = block.timestamp / 1 days;
        uint256 spent = _spent[day];
        // A budget lowered below what was already spent today stops payments until tomorrow.
        uint256 budget = _dailyBudget;
        if (spent + amount > budget) revert RewardsPoolDailyBudgetExceeded(day, spent, amount, budget);
        uint256 held = _coin.balanceOf(address(this));
        if (held < amount) revert RewardsPoolEmpty(held, amount);
        _spent[day] = spent + amount;
    }

    function _setRules(uint128 welcomeAmount_, uint128 inviteAmount_, uint256 dailyBudget_) private {
        (_welcomeAmount, _inviteAmount, _dailyBudget) = (welcomeAmount_, inviteAmount_, dailyBudget_);
        emit RulesChanged(welcomeAmount_, inviteAmount_, dailyBudget_);
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
