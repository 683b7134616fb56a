// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IReleaseRegistry} from "../../src/releases/IReleaseRegistry.sol";
import {CoinAgeGovernanceBase} from "./CoinAgeGovernanceBase.sol";

/// castVote on the coin-age governor next to castVote on the plain ChatGovernor, in the same state: alice and bob
/// delegated a full maturity window ago, bob has since received coins twice (more checkpoints to search), alice
/// voted first. Run with `--isolate`.
contract CoinAgeGovernorGasTest is CoinAgeGovernanceBase {
    uint256 internal plainId;
    uint256 internal ageId;

    function setUp() public override {
        super.setUp();
        _delegateSelf(alice);
        _delegateSelf(bob);
        skip(MATURITY / 2);
        _send(carol, bob, 1 ether);
        skip(MATURITY / 2);
        _send(carol, bob, 1 ether);
        skip(1);
        bytes memory data = abi.encodeCall(IReleaseRegistry.approveRelease, (bytes20(hex"05"), bytes32(0)));
        plainId = _proposeTo(governor, alice, address(releases), data, "Release 5");
        ageId = _proposeTo(ageGovernor, alice, address(ageReleases), data, "Release 5");
        skip(VOTING_DELAY + 1);
        _voteOn(governor, alice, plainId, FOR);
        _voteOn(ageGovernor, alice, ageId, FOR);
    }

    function test_castVote_plain_gas() public {
        vm.prank(bob);
        governor.castVote(plainId, FOR);
        vm.snapshotGasLastCall("castVote_plain");
    }

    function test_castVote_coinAge_gas() public {
        vm.prank(bob);
        ageGovernor.castVote(ageId, FOR);
        vm.snapshotGasLastCall("castVote_coinAge");
    }

    function test_castVote_coinAge_against_gas() public {
        vm.prank(bob);
        ageGovernor.castVote(ageId, AGAINST);
        vm.snapshotGasLastCall("castVote_coinAge_against");
        assertTrue(IGovernor(ageGovernor).hasVoted(ageId, bob));
    }
}
