// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IReleaseRegistry} from "../../src/releases/IReleaseRegistry.sol";
import {ReleaseRegistry} from "../../src/releases/ReleaseRegistry.sol";
import {Fixture} from "../utils/Fixture.sol";

/// The release registry on its own, called as its owner, the timelock (the governance suite passes a real vote).
contract ReleaseRegistryTest is Fixture {
    bytes20 internal constant COMMIT = bytes20(hex"7e9639b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7");
    bytes20 internal constant NEXT = bytes20(hex"89edafc0000000000000000000000000000000aa");
    bytes32 internal constant NOTE = keccak256("ipfs://release-notes/1.4.0");

    function _approve(bytes20 commit, bytes32 note) internal {
        vm.prank(address(timelock));
        releases.approveRelease(commit, note);
    }

    function _revoke(bytes20 commit) internal {
        vm.prank(address(timelock));
        releases.revokeRelease(commit);
    }

    function test_constructor_ownerIsTheTimelock() public view {
        assertEq(releases.owner(), address(timelock));
        assertEq(releases.approvalCount(), 0);
        assertEq(releases.latest(), bytes20(0));
        assertFalse(releases.isApproved(COMMIT));
    }

    function test_RevertWhen_constructor_ownerIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new ReleaseRegistry(address(0));
    }

    function test_approveRelease_recordsTimeBlockAndNote() public {
        vm.roll(4242);
        vm.expectEmit(address(releases));
        emit IReleaseRegistry.ReleaseApproved(COMMIT, NOTE, uint64(block.timestamp), 4242);
        _approve(COMMIT, NOTE);

        assertTrue(releases.isApproved(COMMIT));
        assertEq(releases.latest(), COMMIT);
        IReleaseRegistry.Release memory r = releases.release(COMMIT);
        assertEq(r.approvedAt, block.timestamp);
        assertEq(r.approvedBlock, 4242);
        assertEq(r.revokedAt, 0);
        assertEq(r.noteHash, NOTE);
        assertEq(releases.approvalCount(), 1);
        assertEq(releases.approvalAt(0), COMMIT);
    }

    function test_approveRelease_withoutNote() public {
        _approve(COMMIT, bytes32(0));
        assertTrue(releases.isApproved(COMMIT));
        assertEq(releases.release(COMMIT).noteHash, bytes32(0));
    }

    function test_approveRelease_laterCommitBecomesLatest() public {
        _approve(COMMIT, NOTE);
        skip(1 days);
        _approve(NEXT, bytes32(0));
        assertEq(releases.latest(), NEXT);
        assertTrue(releases.isApproved(COMMIT), "the older release stays approved");
    }

    function test_RevertWhen_approveRelease_callerIsNotTheTimelock() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        releases.approveRelease(COMMIT, NOTE);
    }

    function test_RevertWhen_approveRelease_zeroCommit() public {
        vm.expectRevert(IReleaseRegistry.ReleaseZeroCommit.selector);
        _approve(bytes20(0), NOTE);
    }

    function test_RevertWhen_approveRelease_alreadyApproved() public {
        _approve(COMMIT, NOTE);
        vm.expectRevert(abi.encodeWithSelector(IReleaseRegistry.ReleaseAlreadyApproved.selector, COMMIT));
        _approve(COMMIT, bytes32(0));
    }

    function test_revokeRelease_withdrawsTheApproval() public {
        _approve(COMMIT, NOTE);
        skip(1 hours);
        vm.expectEmit(address(releases));
        emit IReleaseRegistry.ReleaseRevoked(COMMIT, uint64(block.timestamp));
        _revoke(COMMIT);

        assertFalse(releases.isApproved(COMMIT));
        assertEq(releases.latest(), bytes20(0));
        IReleaseRegistry.Release memory r = releases.release(COMMIT);
        assertEq(r.revokedAt, block.timestamp);
        assertEq(r.approvedAt, block.timestamp - 1 hours, "the approval stays on record");
    }

    function test_revokeRelease_latestFallsBackToTheLastStillApproved() public {
        _approve(COMMIT, NOTE);
        _approve(NEXT, NOTE);
        _revoke(NEXT);
        assertEq(releases.latest(), COMMIT);
    }

    function test_approveRelease_againAfterRevocation() public {
        _approve(COMMIT, NOTE);
        _approve(NEXT, NOTE);
        _revoke(COMMIT);
        skip(1 days);
        _approve(COMMIT, bytes32(uint256(2)));

        assertTrue(releases.isApproved(COMMIT));
        assertEq(releases.latest(), COMMIT);
        IReleaseRegistry.Release memory r = releases.release(COMMIT);
        assertEq(r.approvedAt, block.timestamp);
        assertEq(r.revokedAt, 0);
        assertEq(r.noteHash, bytes32(uint256(2)));
        assertEq(releases.approvalCount(), 3);
    }

    function test_RevertWhen_revokeRelease_callerIsNotTheTimelock() public {
        _approve(COMMIT, NOTE);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        releases.revokeRelease(COMMIT);
    }

    function test_RevertWhen_revokeRelease_neverApproved() public {
        vm.expectRevert(abi.encodeWithSelector(IReleaseRegistry.ReleaseNotApproved.selector, COMMIT));
        _revoke(COMMIT);
    }

    function test_RevertWhen_revokeRelease_twice() public {
        _approve(COMMIT, NOTE);
        _revoke(COMMIT);
        vm.expectRevert(abi.encodeWithSelector(IReleaseRegistry.ReleaseNotApproved.selector, COMMIT));
        _revoke(COMMIT);
    }

    /// Any sequence of approvals and revocations: `isApproved` matches a model, and `latest` is the most recently
    /// approved commit that is still approved.
    function testFuzz_approveAndRevoke_matchAModel(uint256 seed) public {
        bytes20[4] memory commits = [COMMIT, NEXT, bytes20(uint160(1)), bytes20(type(uint160).max)];
        bool[4] memory approved;
        uint256[4] memory approvedOrder;
        uint256 order;
        for (uint256 step = 0; step < 24; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 i = r % 4;
            if (approved[i]) {
                _revoke(commits[i]);
                approved[i] = false;
            } else {
                _approve(commits[i], bytes32(r));
                approved[i] = true;
                approvedOrder[i] = ++order;
            }
            skip(r % 3 days);

            bytes20 expectedLatest;
            uint256 best;
            for (uint256 j = 0; j < 4; ++j) {
                assertEq(releases.isApproved(commits[j]), approved[j]);
                if (approved[j] && approvedOrder[j] > best) {
                    best = approvedOrder[j];
                    expectedLatest = commits[j];
                }
            }
            assertEq(releases.latest(), expectedLatest);
        }
        assertEq(releases.approvalCount(), order);
    }

    /// A commit given as 40 hex digits reads back as the same bytes20, first digit first.
    function testFuzz_approveRelease_anyNonZeroCommit(bytes20 commit, bytes32 note) public {
        commit = commit == bytes20(0) ? COMMIT : commit;
        _approve(commit, note);
        assertTrue(releases.isApproved(commit));
        assertEq(releases.latest(), commit);
        assertEq(releases.release(commit).noteHash, note);
    }
}
