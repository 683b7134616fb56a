// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title ICirculatingSupply
/// @notice A voting token that tells the coins governance holds (treasury, rewards pool) apart from the circulating
/// ones, at past timepoints of its EIP-6372 clock: a governor counts quorum against what members can vote with.
interface ICirculatingSupply {
    /// @notice The coins governance-held accounts held at `timepoint` (a past timepoint of the token's clock).
    function getPastGovernanceHeld(uint256 timepoint) external view returns (uint256);

    /// @notice The total supply minus the governance-held coins at `timepoint` (a past timepoint of the token's clock).
    function getPastCirculatingSupply(uint256 timepoint) external view returns (uint256);
}
