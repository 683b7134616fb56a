// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IReleaseRegistry} from "./IReleaseRegistry.sol";

/// @title ReleaseRegistry
/// @notice The source commits governance approved to run as the service (see IReleaseRegistry).
/// @dev Security: holds no funds. Only the owner, the governance TimelockController, approves and revokes, so
/// every change passed a vote and waited out the timelock delay. Nothing is relayed: the timelock calls directly.
contract ReleaseRegistry is IReleaseRegistry, Ownable {
    mapping(bytes20 commit => Release) private _releases;
    bytes20[] private _approvals;

    /// @param owner_ The governance timelock: the only account that may approve and revoke.
    constructor(address owner_) Ownable(owner_) {}

    /// @inheritdoc IReleaseRegistry
    function approveRelease(bytes20 commit, bytes32 noteHash) external onlyOwner {
        if (commit == bytes20(0)) revert ReleaseZeroCommit();
        if (_isApproved(_releases[commit])) revert ReleaseAlreadyApproved(commit);
        uint64 approvedAt = uint64(block.timestamp);
        uint64 approvedBlock = uint64(block.number);
        _releases[commit] =
            Release({approvedAt: approvedAt, approvedBlock: approvedBlock, revokedAt: 0, noteHash: noteHash});
        _approvals.push(commit);
        emit ReleaseApproved(commit, noteHash, approvedAt, approvedBlock);
    }

    /// @inheritdoc IReleaseRegistry
    function revokeRelease(bytes20 commit) external onlyOwner {
        Release storage r = _releases[commit];
        if (!_isApproved(r)) revert ReleaseNotApproved(commit);
        uint64 revokedAt = uint64(block.timestamp);
        r.revokedAt = revokedAt;
        emit ReleaseRevoked(commit, revokedAt);
    }

    /// @inheritdoc IReleaseRegistry
    function isApproved(bytes20 commit) external view returns (bool) {
        return _isApproved(_releases[commit]);
    }

    /// @inheritdoc IReleaseRegistry
    function latest() external view returns (bytes20 commit) {
        for (uint256 i = _approvals.length; i > 0; --i) {
            commit = _approvals[i - 1];
            if (_isApproved(_releases[commit])) return commit;
        }
        return bytes20(0);
    }

    /// @inheritdoc IReleaseRegistry
    function release(bytes20 commit) external view returns (Release memory) {
        return _releases[commit];
    }

    /// @inheritdoc IReleaseRegistry
    function approvalCount() external view returns (uint256) {
        return _approvals.length;
    }

    /// @inheritdoc IReleaseRegistry
    function approvalAt(uint256 index) external view returns (bytes20 commit) {
        return _approvals[index];
    }

    // Approved and not revoked since. Approval sets revokedAt to 0, so a re-approved commit counts again.
    function _isApproved(Release storage r) private view returns (bool) {
        return r.approvedAt != 0 && r.revokedAt == 0;
    }
}
