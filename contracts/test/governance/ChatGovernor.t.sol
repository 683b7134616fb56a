// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {
    GovernorVotesQuorumFraction
} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";
import {ChatGovernor} from "../../src/governance/ChatGovernor.sol";
import {GovernanceBase} from "./GovernanceBase.sol";

/// ChatGovernor's settings, its wiring to the timelock, and gasless proposals and votes (relayed and by signature).
contract ChatGovernorTest is GovernanceBase {
    // ---------------------------------------------------------------- settings

    function test_settings_areAsDeployed() public view {
        assertEq(governor.name(), "ChatGovernor");
        assertEq(governor.version(), "1");
        assertEq(governor.votingDelay(), VOTING_DELAY);
        assertEq(governor.votingPeriod(), VOTING_PERIOD);
        assertEq(governor.proposalThreshold(), PROPOSAL_THRESHOLD);
        assertEq(governor.quorumNumerator(), QUORUM_PERCENT);
        assertEq(governor.quorumDenominator(), 100);
        assertEq(governor.COUNTING_MODE(), "support=bravo&quorum=for,abstain");
        assertEq(address(governor.token()), address(coin));
        assertEq(governor.timelock(), address(timelock));
        assertTrue(governor.isTrustedForwarder(address(forwarder)));
        assertEq(governor.trustedForwarder(), address(forwarder));
    }

    function test_clock_followsTheToken() public view {
        assertEq(governor.clock(), block.timestamp);
        assertEq(governor.CLOCK_MODE(), "mode=timestamp");
    }

    function test_quorum_isAPercentOfTheSupplyAtTheTimepoint() public {
        uint256 before = block.timestamp - 1;
        assertEq(governor.quorum(before), 3 * INITIAL_BALANCE * QUORUM_PERCENT / 100);
        vm.prank(address(timelock));
        coin.mint(contributor, 1_000_000 ether);
        skip(1);
        assertEq(governor.quorum(before), 120_000 ether);
        assertEq(governor.quorum(block.timestamp - 1), 160_000 ether);
    }

    function test_proposalNeedsQueuing() public view {
        assertTrue(governor.proposalNeedsQueuing(0));
    }

    function test_supportsInterface_IGovernor() public view {
        assertTrue(governor.supportsInterface(type(IGovernor).interfaceId));
    }

    function test_timelock_isWiredAsDeployed() public view {
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)));
        assertTrue(timelock.hasRole(timelock.CANCELLER_ROLE(), address(governor)));
        assertTrue(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(0)));
        assertFalse(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), deployer));
        assertTrue(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(timelock)));
        assertEq(timelock.getMinDelay(), TIMELOCK_DELAY);
        assertEq(coin.owner(), address(timelock));
        assertEq(envelopes.owner(), address(timelock));
    }

    function test_setVotingDelay_revertsWhen_notGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        vm.prank(alice);
        governor.setVotingDelay(1);
    }

    function test_setVotingPeriod_revertsWhen_notGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, address(governor)));
        vm.prank(address(governor));
        governor.setVotingPeriod(1);
    }

    function test_setProposalThreshold_revertsWhen_notGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        vm.prank(alice);
        governor.setProposalThreshold(0);
    }

    function test_updateQuorumNumerator_revertsWhen_notGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        vm.prank(alice);
        governor.updateQuorumNumerator(1);
    }

    function test_updateTimelock_revertsWhen_notGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
        vm.prank(alice);
        governor.updateTimelock(TimelockController(payable(alice)));
    }

    function test_setVotingDelay_revertsWhen_relayedForTheTimelockAddress() public {
        // A forwarder call appending the timelock's address is not the timelock: the forwarder only relays
        // ECDSA-signed requests, and an appended sender from anyone else is ignored.
        vm.prank(alice);
        (bool ok, bytes memory revertData) =
            address(governor).call(abi.encodePacked(abi.encodeCall(governor.setVotingDelay, (1)), address(timelock)));
        assertFalse(ok);
        assertEq(revertData, abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, alice));
    }

    function test_constructor_revertsWhen_votingPeriodIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidVotingPeriod.selector, 0));
        new ChatGovernor(coin, timelock, VOTING_DELAY, 0, PROPOSAL_THRESHOLD, QUORUM_PERCENT, address(forwarder));
    }

    function test_constructor_revertsWhen_quorumAboveHundredPercent() public {
        vm.expectRevert(
            abi.encodeWithSelector(GovernorVotesQuorumFraction.GovernorInvalidQuorumFraction.selector, 101, 100)
        );
        new ChatGovernor(coin, timelock, VOTING_DELAY, VOTING_PERIOD, PROPOSAL_THRESHOLD, 101, address(forwarder));
    }

    // ---------------------------------------------------------------- votes

    function test_castVote_countsTheVotersWeightAtTheSnapshot() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        vm.prank(alice);
        coin.transfer(bob, 1_000_000 ether); // after the snapshot: does not change this vote's weights
        vm.expectEmit(address(governor));
        emit IGovernor.VoteCast(alice, p.id, FOR, 1_500_000 ether, "");
        _vote(alice, p.id, FOR);
        _vote(bob, p.id, AGAINST);
        (uint256 against, uint256 for_,) = governor.proposalVotes(p.id);
        assertEq(for_, 1_500_000 ether);
        assertEq(against, 1_000_000 ether);
    }

    function test_castVote_revertsWhen_pending() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                p.id,
                IGovernor.ProposalState.Pending,
                bytes32(1 << uint8(IGovernor.ProposalState.Active))
            )
        );
        _vote(alice, p.id, FOR);
    }

    function test_castVote_revertsWhen_alreadyVoted() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        _vote(alice, p.id, FOR);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, alice));
        _vote(alice, p.id, AGAINST);
    }

    function test_castVote_revertsWhen_supportIsInvalid() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidVoteType.selector));
        _vote(alice, p.id, 3);
    }

    function test_castVote_revertsWhen_proposalUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, 123));
        _vote(alice, 123, FOR);
    }

    // ---------------------------------------------------------------- gasless: relayed through the forwarder

    function test_propose_relayedThroughTheForwarder() public {
        Proposal memory p = _mintProposal(1 ether);
        bytes memory data = abi.encodeCall(governor.propose, (p.targets, p.values, p.calldatas, p.description));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(alicePk, address(governor), data));
        assertEq(governor.proposalProposer(p.id), alice);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Pending));
    }

    function test_propose_relayed_revertsWhen_signerBelowThreshold() public {
        (address dave, uint256 davePk) = makeAddrAndKey("dave");
        Proposal memory p = _mintProposal(1 ether);
        bytes memory data = abi.encodeCall(governor.propose, (p.targets, p.values, p.calldatas, p.description));
        ERC2771Forwarder.ForwardRequestData memory request = _signForwardRequest(davePk, address(governor), data);
        // The forwarder swallows the target's revert data: the governor rejected dave (no votes), not the relayer.
        vm.expectRevert(abi.encodeWithSelector(Errors.FailedCall.selector));
        vm.prank(relayer);
        forwarder.execute(request);
        // Exactly what the governor says to the signer:
        vm.expectRevert(
            abi.encodeWithSelector(IGovernor.GovernorInsufficientProposerVotes.selector, dave, 0, PROPOSAL_THRESHOLD)
        );
        vm.prank(dave);
        governor.propose(p.targets, p.values, p.calldatas, p.description);
    }

    function test_castVote_relayedThroughTheForwarder() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        bytes memory data = abi.encodeCall(governor.castVote, (p.id, FOR));
        ERC2771Forwarder.ForwardRequestData memory request = _signForwardRequest(bobPk, address(governor), data);
        vm.expectEmit(address(governor));
        emit IGovernor.VoteCast(bob, p.id, FOR, INITIAL_BALANCE, "");
        vm.prank(relayer);
        forwarder.execute(request);
        assertTrue(governor.hasVoted(p.id, bob));
        assertFalse(governor.hasVoted(p.id, relayer));
        (, uint256 for_,) = governor.proposalVotes(p.id);
        assertEq(for_, INITIAL_BALANCE);
    }

    // ---------------------------------------------------------------- gasless: castVoteBySig

    function test_castVoteBySig_countsTheSignersVote() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        bytes memory signature = _signBallot(carolPk, p.id, AGAINST, carol);
        vm.expectEmit(address(governor));
        emit IGovernor.VoteCast(carol, p.id, AGAINST, 500_000 ether, "");
        vm.prank(relayer);
        governor.castVoteBySig(p.id, AGAINST, carol, signature);
        assertTrue(governor.hasVoted(p.id, carol));
        assertEq(governor.nonces(carol), 1);
        (uint256 against,,) = governor.proposalVotes(p.id);
        assertEq(against, 500_000 ether);
    }

    function test_castVoteBySig_revertsWhen_signedBySomeoneElse() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        bytes memory signature = _signBallot(bobPk, p.id, FOR, carol); // bob signs carol's ballot
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, carol));
        governor.castVoteBySig(p.id, FOR, carol, signature);
    }

    function test_castVoteBySig_revertsWhen_supportTamperedWith() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        bytes memory signature = _signBallot(carolPk, p.id, AGAINST, carol);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, carol));
        governor.castVoteBySig(p.id, FOR, carol, signature);
    }

    function test_castVoteBySig_revertsWhen_replayed() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        skip(VOTING_DELAY + 1);
        bytes memory signature = _signBallot(carolPk, p.id, FOR, carol);
        governor.castVoteBySig(p.id, FOR, carol, signature);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, carol));
        governor.castVoteBySig(p.id, FOR, carol, signature);
    }
}
