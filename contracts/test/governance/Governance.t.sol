// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IRedEnvelope} from "../../src/envelopes/IRedEnvelope.sol";
import {ChatGovernor} from "../../src/governance/ChatGovernor.sol";
import {IReleaseRegistry} from "../../src/releases/IReleaseRegistry.sol";
import {GovernanceBase} from "./GovernanceBase.sol";

/// Governance end to end on the real OZ Governor and TimelockController: propose -> vote -> queue -> skip ->
/// execute.
contract GovernanceTest is GovernanceBase {
    function _timelockOperationId(Proposal memory p) private view returns (bytes32) {
        bytes32 salt = bytes20(address(governor)) ^ p.descriptionHash;
        return timelock.hashOperationBatch(p.targets, p.values, p.calldatas, 0, salt);
    }

    function test_mintToAContributor_endToEnd() public {
        Proposal memory p = _mintProposal(25_000 ether);
        uint256 supplyBefore = coin.totalSupply();

        _propose(alice, p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Pending));
        assertEq(governor.proposalSnapshot(p.id), block.timestamp + VOTING_DELAY);
        assertEq(governor.proposalDeadline(p.id), block.timestamp + VOTING_DELAY + VOTING_PERIOD);
        assertEq(governor.proposalProposer(p.id), alice);

        skip(VOTING_DELAY + 1);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Active));
        _vote(alice, p.id, FOR); // 1.5M
        _vote(bob, p.id, AGAINST); // 1M
        _vote(carol, p.id, FOR); // 0.5M
        (uint256 against, uint256 for_, uint256 abstain) = governor.proposalVotes(p.id);
        assertEq(for_, 2_000_000 ether);
        assertEq(against, 1_000_000 ether);
        assertEq(abstain, 0);
        assertTrue(governor.hasVoted(p.id, bob));

        skip(VOTING_PERIOD);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Succeeded));

        _queue(p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Queued));
        assertEq(governor.proposalEta(p.id), block.timestamp + TIMELOCK_DELAY);
        assertTrue(timelock.isOperationPending(_timelockOperationId(p)));

        skip(TIMELOCK_DELAY);
        _execute(p); // anyone may execute
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Executed));
        assertEq(coin.balanceOf(contributor), 25_000 ether);
        assertEq(coin.totalSupply(), supplyBefore + 25_000 ether);
        assertTrue(timelock.isOperationDone(_timelockOperationId(p)));
    }

    function test_proposal_defeatedByQuorum() public {
        // dave holds 100k, below the 4% quorum (120k of 3M); only he votes, For.
        address dave = makeAddr("dave");
        vm.prank(alice);
        coin.transfer(dave, 100_000 ether);
        vm.prank(dave);
        coin.delegate(dave);
        skip(1);
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        _vote(dave, p.id, FOR);
        assertEq(governor.quorum(governor.proposalSnapshot(p.id)), 120_000 ether);
        skip(VOTING_PERIOD);

        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Defeated));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                p.id,
                IGovernor.ProposalState.Defeated,
                bytes32(1 << uint8(IGovernor.ProposalState.Succeeded))
            )
        );
        _queue(p);
        assertEq(coin.balanceOf(contributor), 0);
    }

    function test_proposal_abstainCountsTowardsQuorum() public {
        address dave = makeAddr("dave");
        vm.prank(alice);
        coin.transfer(dave, 100_000 ether);
        vm.prank(dave);
        coin.delegate(dave);
        skip(1);
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        _vote(dave, p.id, FOR);
        _vote(carol, p.id, ABSTAIN); // 0.5M abstaining lifts the turnout above quorum
        skip(VOTING_PERIOD);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Succeeded));
    }

    function test_proposal_defeatedByMajority() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        _vote(alice, p.id, AGAINST);
        _vote(bob, p.id, FOR);
        skip(VOTING_PERIOD);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_execute_revertsWhen_timelockDelayNotOver() public {
        Proposal memory p = _mintProposal(1 ether);
        _proposeAndPass(p);
        _queue(p);
        skip(TIMELOCK_DELAY - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                _timelockOperationId(p),
                bytes32(1 << uint8(TimelockController.OperationState.Ready))
            )
        );
        _execute(p);
        skip(1);
        _execute(p);
        assertEq(coin.balanceOf(contributor), 1 ether);
    }

    function test_execute_revertsWhen_notQueued() public {
        Proposal memory p = _mintProposal(1 ether);
        _proposeAndPass(p);
        // A proposal that needs queueing (every proposal, with the timelock) can only execute once Queued.
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                p.id,
                IGovernor.ProposalState.Succeeded,
                bytes32(1 << uint8(IGovernor.ProposalState.Queued))
            )
        );
        _execute(p);
    }

    function test_timelock_cannotBeBypassed() public {
        Proposal memory p = _mintProposal(1 ether);
        bytes32 salt = bytes20(address(governor)) ^ p.descriptionHash;
        bytes32 proposerRole = timelock.PROPOSER_ROLE();
        vm.expectRevert(
            abi.encodeWithSignature("AccessControlUnauthorizedAccount(address,bytes32)", alice, proposerRole)
        );
        vm.prank(alice);
        timelock.scheduleBatch(p.targets, p.values, p.calldatas, 0, salt, TIMELOCK_DELAY);
    }

    function test_setMaxShares_throughTheTimelock() public {
        Proposal memory p = _proposal(
            address(envelopes), abi.encodeCall(IRedEnvelope.setMaxShares, (uint32(500))), "Cap envelopes at 500 shares"
        );
        _proposeAndPass(p);
        _queue(p);
        skip(TIMELOCK_DELAY);
        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.MaxSharesChanged(MAX_SHARES, 500);
        _execute(p);
        assertEq(envelopes.maxShares(), 500);
    }

    function test_approveRelease_endToEnd() public {
        bytes20 commit = bytes20(hex"7e9639b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7");
        bytes32 note = keccak256("ipfs://release-notes/1.4.0");
        Proposal memory p = _proposal(
            address(releases), abi.encodeCall(IReleaseRegistry.approveRelease, (commit, note)), "Approve release 1.4.0"
        );
        _proposeAndPass(p);
        _queue(p);
        assertFalse(releases.isApproved(commit), "not before execution");
        skip(TIMELOCK_DELAY);
        vm.expectEmit(address(releases));
        emit IReleaseRegistry.ReleaseApproved(commit, note, uint64(block.timestamp), uint64(block.number));
        _execute(p);

        assertTrue(releases.isApproved(commit));
        assertEq(releases.latest(), commit);
        assertEq(releases.release(commit).approvedAt, block.timestamp);
    }

    function test_setVotingPeriod_governanceChangesItsOwnSettings() public {
        Proposal memory p =
            _proposal(address(governor), abi.encodeCall(governor.setVotingPeriod, (uint32(5 days))), "Longer votes");
        _proposeAndPass(p);
        _queue(p);
        skip(TIMELOCK_DELAY);
        _execute(p);
        assertEq(governor.votingPeriod(), 5 days);
    }

    function test_cancel_byTheProposerWhilePending() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        vm.prank(alice);
        governor.cancel(p.targets, p.values, p.calldatas, p.descriptionHash);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Canceled));
    }

    function test_cancel_revertsWhen_notTheProposer() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, p.id, bob));
        vm.prank(bob);
        governor.cancel(p.targets, p.values, p.calldatas, p.descriptionHash);
    }

    function test_propose_revertsWhen_belowThreshold() public {
        address erin = makeAddr("erin");
        vm.prank(alice);
        coin.transfer(erin, PROPOSAL_THRESHOLD - 1);
        vm.prank(erin);
        coin.delegate(erin);
        skip(1);
        Proposal memory p = _mintProposal(1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector, erin, PROPOSAL_THRESHOLD - 1, PROPOSAL_THRESHOLD
            )
        );
        _propose(erin, p);
    }

    function test_propose_atTheThreshold() public {
        address erin = makeAddr("erin");
        vm.prank(alice);
        coin.transfer(erin, PROPOSAL_THRESHOLD);
        vm.prank(erin);
        coin.delegate(erin);
        skip(1);
        Proposal memory p = _mintProposal(1 ether);
        _propose(erin, p);
        assertEq(governor.proposalProposer(p.id), erin);
    }

    function test_propose_revertsWhen_votesDelegatedInTheSameSecond() public {
        // The threshold is read at clock() - 1: a delegation in this very second does not count yet.
        address erin = makeAddr("erin");
        vm.prank(alice);
        coin.transfer(erin, PROPOSAL_THRESHOLD);
        vm.prank(erin);
        coin.delegate(erin);
        Proposal memory p = _mintProposal(1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernor.GovernorInsufficientProposerVotes.selector, erin, 0, PROPOSAL_THRESHOLD)
        );
        _propose(erin, p);
    }

    function test_propose_revertsWhen_sameProposalTwice() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector, p.id, IGovernor.ProposalState.Pending, bytes32(0)
            )
        );
        _propose(bob, p);
    }

    function test_mint_beyondTheCapFailsAtExecution() public {
        Proposal memory p = _mintProposal(CAP);
        _proposeAndPass(p);
        _queue(p);
        skip(TIMELOCK_DELAY);
        vm.expectRevert(abi.encodeWithSignature("ERC20ExceededCap(uint256,uint256)", coin.totalSupply() + CAP, CAP));
        _execute(p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Queued));
    }

    function test_chatGovernor_isUsedAsDeployed() public view {
        assertEq(governor.timelock(), address(timelock));
        assertEq(address(ChatGovernor(payable(address(governor))).token()), address(coin));
    }
}
