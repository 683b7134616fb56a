// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IVoteSeconds
/// @notice A votes token that also keeps, per delegate, the exact integral of its votes over time (ChatCoin).
interface IVoteSeconds {
    /// @notice The integral of `account`'s votes from the clock's zero to `timepoint` (a past timestamp), in
    /// base-unit seconds.
    function getPastVoteSeconds(address account, uint256 timepoint) external view returns (uint256);
}
