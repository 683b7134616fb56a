// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {ChatCoin} from "../../src/token/ChatCoin.sol";
import {GovernanceBase} from "./GovernanceBase.sol";

/// Quorum counts the circulating supply at the snapshot: the supply minus what the timelock, the rewards pool and
/// other governance-held accounts hold then. Moving coins into or out of the treasury around a snapshot cannot
/// shift a proposal's quorum after the fact, and lowering it before costs the mover the same votes.
contract CirculatingQuorumTest is GovernanceBase {
    uint256 internal constant TREASURY = 100_000_000 ether;
    uint256 internal constant POOL = 1_000_000 ether;
    uint256 internal constant CIRCULATING = 3_000_000 ether; // alice 1.5M, bob 1M, carol 0.5M

    function setUp() public override {
        super.setUp();
        vm.startPrank(address(timelock));
        coin.mint(address(timelock), TREASURY);
        coin.mint(address(rewards), POOL);
        vm.stopPrank();
        skip(1);
    }

    function _quorumOf(uint256 circulating) private pure returns (uint256) {
        return circulating * QUORUM_PERCENT / 100;
    }

    function test_quorum_excludesTheTreasuryAndThePool() public view {
        uint256 t = block.timestamp - 1;
        assertEq(coin.getPastTotalSupply(t), CIRCULATING + TREASURY + POOL);
        assertEq(coin.getPastGovernanceHeld(t), TREASURY + POOL);
        assertEq(coin.getPastCirculatingSupply(t), CIRCULATING);
        assertEq(governor.quorum(t), _quorumOf(CIRCULATING));
        assertTrue(coin.isGovernanceHolder(address(timelock)));
        assertTrue(coin.isGovernanceHolder(address(rewards)));
    }

    function test_quorum_RevertWhen_TimepointNotPast() public {
        vm.expectRevert(
            abi.encodeWithSignature("ERC5805FutureLookup(uint256,uint48)", block.timestamp, uint48(block.timestamp))
        );
        coin.getPastCirculatingSupply(block.timestamp);
    }

    /// Coins the treasury pays out after the snapshot (a grant, a reward) change neither the quorum nor anyone's votes.
    function test_quorum_paidOutOfTheTreasuryAfterTheSnapshot_unchanged() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        uint256 snapshot = governor.proposalSnapshot(p.id);
        vm.warp(snapshot + 1);
        vm.prank(address(timelock));
        coin.transfer(carol, 10_000_000 ether); // carol delegated to herself: her votes rise now, not at the snapshot
        vm.prank(address(rewards));
        coin.transfer(bob, POOL);
        skip(1);
        assertEq(governor.quorum(snapshot), _quorumOf(CIRCULATING));
        assertEq(coin.getPastVotes(carol, snapshot), 500_000 ether);
        assertEq(coin.getPastCirculatingSupply(block.timestamp - 1), CIRCULATING + 10_000_000 ether + POOL);
    }

    /// A holder who moves coins into the treasury before the snapshot lowers the quorum by the percentage of those
    /// coins and their own votes by all of them: giving to governance is no way to pass a proposal with less support.
    function test_quorum_donationBeforeTheSnapshot_costsTheDonorMoreVotesThanItSaves() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        uint256 snapshot = governor.proposalSnapshot(p.id);
        vm.warp(snapshot); // in the snapshot's own second: it counts
        vm.prank(bob);
        coin.transfer(address(timelock), 600_000 ether);
        vm.warp(snapshot + 1);
        assertEq(governor.quorum(snapshot), _quorumOf(CIRCULATING - 600_000 ether));
        assertEq(coin.getPastVotes(bob, snapshot), 400_000 ether);
    }

    /// Coins that enter the treasury after the snapshot and leave it again (a proposal spending them) leave the
    /// snapshot's quorum as it was.
    function test_quorum_inAndOutOfTheTreasuryAfterTheSnapshot_unchanged() public {
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        uint256 snapshot = governor.proposalSnapshot(p.id);
        vm.warp(snapshot + 1);
        vm.prank(alice);
        coin.transfer(address(timelock), 1_000_000 ether);
        skip(10);
        vm.prank(address(timelock));
        coin.transfer(alice, 1_000_000 ether);
        skip(1);
        assertEq(governor.quorum(snapshot), _quorumOf(CIRCULATING));
    }

    /// Governance-held coins never vote: the timelock (say, by a proposal) and the pool cannot delegate them.
    function test_delegate_RevertWhen_GovernanceHeld() public {
        vm.expectRevert(
            abi.encodeWithSelector(ChatCoin.ChatCoinGovernanceCannotDelegate.selector, address(timelock))
        );
        vm.prank(address(timelock));
        coin.delegate(alice);
        vm.expectRevert(abi.encodeWithSelector(ChatCoin.ChatCoinGovernanceCannotDelegate.selector, address(rewards)));
        vm.prank(address(rewards));
        coin.delegate(address(rewards));
        assertEq(coin.getVotes(alice), 1_500_000 ether);
    }

    /// The governance-held total is the coin's own tally: the timelock and the pool are delegated to the coin, whose
    /// address keeps no vote-seconds and calls no governor.
    function test_governanceHeld_isTheCoinsOwnTally() public view {
        assertEq(coin.delegates(address(timelock)), address(coin));
        assertEq(coin.delegates(address(rewards)), address(coin));
        assertEq(coin.getVotes(address(coin)), TREASURY + POOL);
        assertEq(coin.getPastVoteSeconds(address(coin), block.timestamp - 1), 0);
    }

    /// Nobody else can count as governance-held: a holder delegating to the coin would take their coins out of the
    /// quorum's supply just for the snapshot and back after it.
    function test_delegate_RevertWhen_DelegateeIsTheCoin() public {
        vm.expectRevert(abi.encodeWithSelector(ChatCoin.ChatCoinDelegateeReserved.selector, bob, address(coin)));
        vm.prank(bob);
        coin.delegate(address(coin));
        assertEq(coin.getPastCirculatingSupply(block.timestamp - 1), CIRCULATING);
        assertEq(coin.delegates(bob), bob);
    }

    /// Whatever moves into and out of the treasury and pool before and after the snapshot, the quorum is the
    /// percentage of what circulated at the end of the snapshot's second, as read then from plain balances.
    function testFuzz_quorum_isPercentOfCirculatingAtTheSnapshot(
        uint256 inBefore,
        uint256 outBefore,
        uint256 inAfter,
        uint256 outAfter,
        bool atSnapshot
    ) public {
        inBefore = bound(inBefore, 0, 1_000_000 ether);
        outBefore = bound(outBefore, 0, TREASURY);
        inAfter = bound(inAfter, 0, 400_000 ether);
        outAfter = bound(outAfter, 0, POOL);
        Proposal memory p = _mintProposal(1 ether);
        _propose(alice, p);
        uint256 snapshot = governor.proposalSnapshot(p.id);

        vm.warp(atSnapshot ? snapshot : snapshot - 1);
        vm.prank(alice);
        coin.transfer(address(rewards), inBefore);
        vm.prank(address(timelock));
        coin.transfer(bob, outBefore);
        vm.warp(snapshot);
        uint256 circulating = coin.totalSupply() - coin.balanceOf(address(timelock)) - coin.balanceOf(address(rewards));

        vm.warp(snapshot + 1);
        vm.prank(bob);
        coin.transfer(address(timelock), inAfter);
        vm.prank(address(rewards));
        coin.transfer(carol, outAfter);
        skip(1);
        assertEq(governor.quorum(snapshot), _quorumOf(circulating));
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Active));
    }

    /// The proposal threshold is governance's to change (GovernorSettings), like the quorum percentage.
    function test_setProposalThreshold_byProposal() public {
        Proposal memory p =
            _proposal(address(governor), abi.encodeCall(governor.setProposalThreshold, (100 ether)), "Lower the threshold");
        _proposeAndPass(p);
        _queue(p);
        skip(TIMELOCK_DELAY);
        _execute(p);
        assertEq(governor.proposalThreshold(), 100 ether);
    }
}
