// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IRewardsPool
/// @notice The community's rewards, funded by the treasury and set by vote: a welcome reward once per account that
/// finished sign-up, and an invite reward for both sides once per invited account, paid by the chat service's
/// rewarder within a daily budget on chain. docs/rewards-and-quorum.md.
interface IRewardsPool {
    /// @notice `account` received the welcome reward.
    event WelcomeRewardPaid(address indexed account, uint256 amount);
    /// @notice `inviter` and `invitee` each received the invite reward of `amount`.
    event InviteRewardPaid(address indexed inviter, address indexed invitee, uint256 amount);
    /// @notice Governance set new rules.
    event RulesChanged(uint256 welcomeAmount, uint256 inviteAmount, uint256 dailyBudget);
    /// @notice Governance moved `amount` out of the pool to `to`.
    event Withdrawn(address indexed to, uint256 amount);

    /// @notice `account` already received the welcome reward.
    error RewardsPoolAlreadyWelcomed(address account);
    /// @notice The invite reward for `invitee` was already paid.
    error RewardsPoolAlreadyInvited(address invitee);
    /// @notice An invitee cannot be their own inviter, nor the zero address either side.
    error RewardsPoolInvalidInvite(address inviter, address invitee);
    /// @notice The zero address cannot be rewarded.
    error RewardsPoolZeroAccount();
    /// @notice Paying `amount` more on `day` would pass the daily budget (`spent` already paid that day).
    error RewardsPoolDailyBudgetExceeded(uint256 day, uint256 spent, uint256 amount, uint256 budget);
    /// @notice The pool holds `balance`, less than the `amount` due.
    error RewardsPoolEmpty(uint256 balance, uint256 amount);
    /// @notice The reward being paid is set to zero: governance switched it off.
    error RewardsPoolRewardOff();

    /// @notice Pays the welcome reward to `account`, once per account. Only the rewarder; within the daily budget.
    /// @return amount What was paid.
    function payWelcome(address account) external returns (uint256 amount);

    /// @notice Pays the invite reward to both `inviter` and `invitee`, once per invitee. Only the rewarder; both halves
    /// count against the daily budget.
    /// @return amount What each side was paid.
    function payInvite(address inviter, address invitee) external returns (uint256 amount);

    /// @notice Sets the amounts and the daily budget, in base units. Only governance (the timelock). A zero amount
    /// switches that reward off; a budget below what was paid today stops payments until the next UTC day.
    function setRules(uint128 welcome, uint128 invite, uint256 budget) external;

    /// @notice Moves `amount` out of the pool to `to`. Only governance (the timelock).
    function withdraw(address to, uint256 amount) external;

    /// @notice The welcome reward, in base units.
    function welcomeAmount() external view returns (uint256);

    /// @notice The invite reward each side receives, in base units.
    function inviteAmount() external view returns (uint256);

    /// @notice The most the pool pays per UTC day, in base units.
    function dailyBudget() external view returns (uint256);

    /// @notice What was paid on `day` (days since 1970, UTC: `block.timestamp / 1 days`).
    function spentOn(uint256 day) external view returns (uint256);

    /// @notice What may still be paid today.
    function remainingToday() external view returns (uint256);

    /// @notice Whether `account` received the welcome reward.
    function welcomed(address account) external view returns (bool);

    /// @notice Whether the invite reward for `invitee` was paid.
    function invited(address invitee) external view returns (bool);

    /// @notice The coins the pool holds.
    function balance() external view returns (uint256);
}
