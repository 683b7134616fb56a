// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IReleaseRegistry
/// @notice The source commits that governance approved to run as the service. The service compares the commit it
/// runs with `isApproved` and reports the result at `/api/governance/release`.
/// @dev A commit is a git SHA-1 object name as `bytes20`: the 40 hex digits of `git rev-parse HEAD`, first digit
/// first (e.g. `0x7e9639b...`). Only 20-byte names are accepted, never a 32-byte padded form, so one commit has one
/// key. Repositories in git's SHA-256 object format are not supported.
interface IReleaseRegistry {
    /// @notice A commit's record as stored.
    /// @param approvedAt Unix time of the latest approval (0: never approved).
    /// @param approvedBlock Block number of the latest approval.
    /// @param revokedAt Unix time of the revocation of that approval (0: not revoked).
    /// @param noteHash Optional hash of release notes or their URI (0: none), as given at approval.
    struct Release {
        uint64 approvedAt;
        uint64 approvedBlock;
        uint64 revokedAt;
        bytes32 noteHash;
    }

    /// @notice Governance approved `commit` to run as the service.
    event ReleaseApproved(bytes20 indexed commit, bytes32 noteHash, uint64 approvedAt, uint64 approvedBlock);
    /// @notice Governance withdrew its approval of `commit`.
    event ReleaseRevoked(bytes20 indexed commit, uint64 revokedAt);

    /// @notice The all-zero commit cannot be approved.
    error ReleaseZeroCommit();
    /// @notice `commit` is approved already (revoke it first to approve it again with a new note).
    error ReleaseAlreadyApproved(bytes20 commit);
    /// @notice `commit` is not approved, so there is nothing to revoke.
    error ReleaseNotApproved(bytes20 commit);

    /// @notice Approves `commit`; only the owner, the governance timelock. A revoked commit may be approved again.
    /// @param commit The git SHA-1 of the approved source tree's commit.
    /// @param noteHash Optional hash of release notes or their URI (0: none); only stored and emitted.
    function approveRelease(bytes20 commit, bytes32 noteHash) external;

    /// @notice Withdraws the approval of `commit`; only the owner, the governance timelock.
    /// @param commit An approved commit.
    function revokeRelease(bytes20 commit) external;

    /// @notice Whether `commit` is approved now (approved and not revoked since).
    function isApproved(bytes20 commit) external view returns (bool);

    /// @notice The most recently approved commit that is still approved; zero when there is none.
    /// @dev Walks back over revoked approvals; a view for off-chain callers, not meant for other contracts.
    function latest() external view returns (bytes20 commit);

    /// @notice The record of `commit` (all zero when it was never approved): approval time and block, revocation,
    /// note.
    function release(bytes20 commit) external view returns (Release memory);

    /// @notice How many approvals were made; a commit approved again after a revocation counts again.
    function approvalCount() external view returns (uint256);

    /// @notice The commit of the approval number `index`, counting from 0 in the order of approval.
    function approvalAt(uint256 index) external view returns (bytes20 commit);
}
