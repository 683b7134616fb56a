// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernanceBase} from "./GovernanceBase.sol";
import {PlainGovernor} from "./PlainGovernor.sol";

/// ChatGovernorGas's scenario, step for step, on OpenZeppelin's plain Wizard governor: the same ChatCoin, holders,
/// delegations and settings; the plain governor proposes to a timelock of its own, which takes over ChatCoin's
/// minting so the mint proposal executes as it does for ChatGovernor. Snapshot group "PlainGovernorGas", next to
/// ChatGovernorGasTest.json. Run with `--isolate`.
contract PlainGovernorGasTest is GovernanceBase {
    string internal constant GROUP = "PlainGovernorGas";

    TimelockController internal plainTimelock;
    PlainGovernor internal plain;

    function setUp() public override {
        super.setUp();
        vm.startPrank(deployer);
        address[] memory none = new address[](0);
        plainTimelock = new TimelockController(TIMELOCK_DELAY, none, none, deployer);
        plain = new PlainGovernor(coin, plainTimelock, VOTING_DELAY, VOTING_PERIOD, PROPOSAL_THRESHOLD, QUORUM_PERCENT);
        plainTimelock.grantRole(plainTimelock.PROPOSER_ROLE(), address(plain));
        plainTimelock.grantRole(plainTimelock.CANCELLER_ROLE(), address(plain));
        plainTimelock.grantRole(plainTimelock.EXECUTOR_ROLE(), address(0));
        plainTimelock.renounceRole(plainTimelock.DEFAULT_ADMIN_ROLE(), deployer);
        vm.stopPrank();
        vm.prank(address(timelock));
        coin.transferOwnership(address(plainTimelock));
        vm.label(address(plain), "plainGovernor");
        vm.label(address(plainTimelock), "plainTimelock");
    }

    function test_propose_gas() public {
        Proposal memory p = _mintProposal(1_000 ether);
        vm.prank(alice);
        plain.propose(p.targets, p.values, p.calldatas, p.description);
        vm.snapshotGasLastCall(GROUP, "propose");
    }

    function test_castVote_gas() public {
        Proposal memory p = _mintProposal(1_000 ether);
        _propose(plain, alice, p);
        skip(VOTING_DELAY + 1);
        _vote(plain, alice, p.id, FOR);
        vm.prank(bob);
        plain.castVote(p.id, FOR);
        vm.snapshotGasLastCall(GROUP, "castVote");
    }

    function test_castVoteBySig_gas() public {
        Proposal memory p = _mintProposal(1_000 ether);
        _propose(plain, alice, p);
        skip(VOTING_DELAY + 1);
        _vote(plain, alice, p.id, FOR);
        bytes memory signature = _signBallot(plain, bobPk, p.id, FOR, bob);
        vm.prank(relayer);
        plain.castVoteBySig(p.id, FOR, bob, signature);
        vm.snapshotGasLastCall(GROUP, "castVoteBySig");
    }

    function test_queue_gas() public {
        Proposal memory p = _mintProposal(1_000 ether);
        _proposeAndPass(plain, p);
        plain.queue(p.targets, p.values, p.calldatas, p.descriptionHash);
        vm.snapshotGasLastCall(GROUP, "queue");
    }

    function test_execute_gas() public {
        Proposal memory p = _mintProposal(1_000 ether);
        _proposeAndPass(plain, p);
        _queue(plain, p);
        skip(TIMELOCK_DELAY);
        plain.execute(p.targets, p.values, p.calldatas, p.descriptionHash);
        vm.snapshotGasLastCall(GROUP, "execute");
        assertEq(coin.balanceOf(contributor), 1_000 ether);
    }
}
