// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IReleaseRegistry} from "../../src/releases/IReleaseRegistry.sol";
import {CoinAgeGovernor} from "../../src/governance/CoinAgeGovernor.sol";
import {CoinAgeGovernanceBase} from "./CoinAgeGovernanceBase.sol";
import {SampledCoinAgeGovernor} from "./mocks/SampledCoinAgeGovernor.sol";

/// The coin-age rule (docs/coin-age-votes.md): age earns weight up to the cap, only balances held before the
/// snapshot have age, and the weighting can turn an outcome; quorum stays in coins.
contract CoinAgeGovernorTest is CoinAgeGovernanceBase {
    uint256 internal constant STEP = MATURITY / 8;

    // ---------------------------------------------------------------- construction

    function test_constructor_keepsChatGovernorSettingsAndTheRule() public view {
        assertEq(ageGovernor.name(), "ChatGovernor");
        assertEq(ageGovernor.votingDelay(), VOTING_DELAY);
        assertEq(ageGovernor.votingPeriod(), VOTING_PERIOD);
        assertEq(ageGovernor.proposalThreshold(), PROPOSAL_THRESHOLD);
        assertEq(ageGovernor.quorumNumerator(), QUORUM_PERCENT);
        assertEq(ageGovernor.COUNTING_MODE(), "support=bravo&quorum=for,abstain");
        assertEq(address(ageGovernor.token()), address(coin));
        assertEq(ageGovernor.timelock(), address(ageTimelock));
        assertTrue(ageGovernor.isTrustedForwarder(address(forwarder)));
        (uint48 maturity, uint16 bonus) = ageGovernor.coinAgeRule();
        assertEq(maturity, MATURITY);
        assertEq(bonus, MAX_BONUS_BPS);
    }

    function _newGovernor(uint48 maturity, uint16 bonus) internal returns (CoinAgeGovernor) {
        return new CoinAgeGovernor(
            coin, ageTimelock, VOTING_DELAY, VOTING_PERIOD, PROPOSAL_THRESHOLD, QUORUM_PERCENT, address(forwarder),
            maturity, bonus
        );
    }

    function test_RevertWhen_constructor_maturityIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(CoinAgeGovernor.CoinAgeGovernorInvalidRule.selector, 0, 5_000));
        _newGovernor(0, 5_000);
    }

    function test_constructor_acceptsAnyPositiveMaturity() public {
        (uint48 maturity,) = _newGovernor(30 days + 1, 5_000).coinAgeRule();
        assertEq(maturity, 30 days + 1);
    }

    function test_RevertWhen_constructor_bonusIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(CoinAgeGovernor.CoinAgeGovernorInvalidRule.selector, MATURITY, 0));
        _newGovernor(MATURITY, 0);
    }

    function test_RevertWhen_constructor_bonusAboveTheCap() public {
        vm.expectRevert(abi.encodeWithSelector(CoinAgeGovernor.CoinAgeGovernorInvalidRule.selector, MATURITY, 10_001));
        _newGovernor(MATURITY, 10_001);
    }

    // ---------------------------------------------------------------- (a) age earns weight, exactly

    function test_getVotes_longerHeldOutweighsTheSameAmountHeldBriefly() public {
        _delegateSelf(alice); // held for the whole window
        skip(MATURITY / 2);
        _delegateSelf(carol); // held for half of it
        skip(MATURITY / 2 - 1 hours);
        _delegateSelf(bob); // held for an hour
        skip(1 hours + 1);
        uint256 t = block.timestamp - 1; // alice's delegation is exactly W old

        assertEq(coin.getPastVotes(alice, t), INITIAL_BALANCE);
        assertEq(coin.getPastVotes(bob, t), INITIAL_BALANCE, "same coins");
        assertEq(ageGovernor.getVotes(alice, t), 2 * INITIAL_BALANCE, "full bonus after W");
        assertEq(ageGovernor.getVotes(carol, t), INITIAL_BALANCE * 3 / 2, "half the bonus after W/2");
        assertEq(ageGovernor.getVotes(bob, t), INITIAL_BALANCE + INITIAL_BALANCE / 768, "an hour earns 1/768 of W");
        assertEq(governor.getVotes(alice, t), governor.getVotes(bob, t), "the plain governor sees no difference");
    }

    /// Every second held earns the same: the bonus is the coins times the seconds held over W, to the wei.
    function testFuzz_getVotes_bonusIsLinearInTheSecondsHeld(uint256 held) public {
        held = bound(held, 0, 2 * MATURITY);
        _delegateSelf(alice);
        skip(held + 1);
        uint256 t = block.timestamp - 1;
        uint256 seconds_ = held > MATURITY ? MATURITY : held;
        assertEq(ageGovernor.getVotes(alice, t), INITIAL_BALANCE + INITIAL_BALANCE * seconds_ / MATURITY);
    }

    function test_getVotes_partOfABalanceAgesOnItsOwn() public {
        _send(alice, dave, 400_000 ether);
        _delegateSelf(dave);
        skip(MATURITY);
        _send(bob, dave, 600_000 ether); // new coins at the snapshot
        skip(1);
        uint256 t = block.timestamp - 1;
        assertEq(coin.getPastVotes(dave, t), 1_000_000 ether);
        assertEq(ageGovernor.getVotes(dave, t), 1_000_000 ether + 400_000 ether, "only the old 400k earn the bonus");
    }

    // ---------------------------------------------------------------- (b) no age for fresh balances

    function test_getVotes_balanceMovedInAtTheSnapshotHasNoAge() public {
        _delegateSelf(alice);
        skip(MATURITY);
        _send(alice, dave, INITIAL_BALANCE); // aged coins change hands: their age stays behind
        _delegateSelf(dave);
        skip(1);
        uint256 t = block.timestamp - 1;
        assertEq(ageGovernor.getVotes(dave, t), INITIAL_BALANCE, "plain weight, no bonus");
        assertEq(ageGovernor.getVotes(alice, t), 0);
    }

    /// Buy at the snapshot, vote, sell after it: the vote counts the coins once, nothing more. Buying after the
    /// snapshot gives nothing at all, and buying and selling within the snapshot's second gives nothing.
    function test_castVote_flashLoanStyleBuyVoteSellGainsNothingBeyondPlainWeight() public {
        _delegateSelf(alice);
        _delegateSelf(erin);
        skip(MATURITY);
        uint256 id = _proposeTo(ageGovernor, alice, address(ageReleases),
            abi.encodeCall(IReleaseRegistry.approveRelease, (bytes20(hex"01"), bytes32(0))), "Release 1");
        uint256 snapshot = ageGovernor.proposalSnapshot(id);

        vm.warp(snapshot); // the last second that counts
        _send(bob, dave, INITIAL_BALANCE); // dave "borrows" bob's coins
        _delegateSelf(dave);
        _send(carol, erin, INITIAL_BALANCE); // erin borrows carol's within the snapshot second and repays
        _send(erin, carol, INITIAL_BALANCE);
        vm.warp(snapshot + 1);
        _voteOn(ageGovernor, dave, id, AGAINST);
        _send(dave, bob, INITIAL_BALANCE); // and repays after the snapshot
        _delegateSelf(carol); // carol's coins arrive at her own votes after the snapshot
        _voteOn(ageGovernor, carol, id, AGAINST);
        _voteOn(ageGovernor, erin, id, AGAINST);

        (uint256 against,,) = ageGovernor.proposalVotes(id);
        assertEq(against, INITIAL_BALANCE, "dave's plain coins; carol and erin count nothing");
        assertEq(ageGovernor.getVotes(dave, snapshot), INITIAL_BALANCE);
        assertEq(ageGovernor.getVotes(carol, snapshot), 0);
        assertEq(ageGovernor.getVotes(erin, snapshot), 0);
    }

    /// Coins lent out for three days inside the window lose exactly three days of age, wherever the days fall.
    function testFuzz_getVotes_coinsAwayLoseExactlyTheTimeAway(uint256 start) public {
        _delegateSelf(alice);
        skip(MATURITY * 2);
        uint256 t = block.timestamp + MATURITY;
        start = bound(start, t - MATURITY, t - 3 days);
        vm.warp(start);
        _send(alice, erin, INITIAL_BALANCE);
        vm.warp(start + 3 days);
        _send(erin, alice, INITIAL_BALANCE);
        vm.warp(t + 1);
        assertEq(ageGovernor.getVotes(alice, t), 2 * INITIAL_BALANCE - INITIAL_BALANCE * 3 days / MATURITY);
    }

    function test_getVotes_redelegatingErasesTheDelegatesAge() public {
        _delegateSelf(alice);
        skip(MATURITY);
        vm.prank(alice);
        coin.delegate(dave);
        skip(1);
        assertEq(ageGovernor.getVotes(dave, block.timestamp - 1), INITIAL_BALANCE);
    }

    function test_getVotes_dustFromOthersCannotEraseAge() public {
        _delegateSelf(alice);
        skip(MATURITY);
        for (uint256 i = 0; i < 20; ++i) {
            _send(bob, alice, 1);
            skip(1 hours);
        }
        uint256 t = block.timestamp - 1;
        assertEq(ageGovernor.getVotes(alice, t), 2 * INITIAL_BALANCE + 20, "the dust has no age, the rest keeps it");
    }

    // ---------------------------------------------------------------- (e) the proposer knows the instants: no gain

    /// dave (no coins of his own) borrows bob's 1M for one second at each instant the proposer could know: the
    /// snapshot and the eight sample instants of the old rule, t - k * W / 8.
    function _borrowAtTheKnownInstants(uint256 t) private {
        for (uint256 k = 8; k >= 1; --k) {
            vm.warp(t - k * STEP);
            _send(bob, dave, INITIAL_BALANCE);
            vm.warp(t - k * STEP + 1);
            _send(dave, bob, INITIAL_BALANCE);
        }
        vm.warp(t);
        _send(bob, dave, INITIAL_BALANCE); // held at the snapshot itself, repaid right after
        vm.warp(t + 1);
        _send(dave, bob, INITIAL_BALANCE);
    }

    /// Issue 20's attack on the old, sampled rule: 2,000,000 weight from 1M coins held for 9 seconds.
    function test_sampledRule_borrowingAtTheKnownInstantsDoublesTheWeight() public {
        SampledCoinAgeGovernor sampled = new SampledCoinAgeGovernor(
            coin, ageTimelock, VOTING_DELAY, VOTING_PERIOD, PROPOSAL_THRESHOLD, QUORUM_PERCENT, address(forwarder),
            MATURITY, MAX_BONUS_BPS
        );
        _delegateSelf(dave);
        skip(MATURITY * 2);
        uint256 t = block.timestamp + MATURITY + 1 hours;
        _borrowAtTheKnownInstants(t);
        assertEq(governor.getVotes(dave, t), INITIAL_BALANCE, "plain: 1,000,000");
        assertEq(sampled.getVotes(dave, t), 2 * INITIAL_BALANCE, "sampled: 2,000,000");
    }

    /// The same borrowing under the exact rule earns what holding 1M for those 8 seconds inside the window earns
    /// anyone: 1M * 8 s / W, about 2.9 CHAT; no more than the same seconds at instants nobody could know.
    function test_getVotes_borrowingAtTheKnownInstantsGainsNothing() public {
        _delegateSelf(dave);
        _delegateSelf(erin);
        skip(MATURITY * 2);
        uint256 t = block.timestamp + MATURITY + 1 hours;
        _borrowAtTheKnownInstants(t);
        uint256 earned = INITIAL_BALANCE * 8 / MATURITY;
        assertEq(ageGovernor.getVotes(dave, t), INITIAL_BALANCE + earned);
        assertLt(earned, 3 ether);
    }

    /// Borrow for one second at any nine instants of the window, the last at the snapshot: the weight depends only
    /// on how many seconds the coins were held, never on when, so knowing the instants gains nothing.
    function testFuzz_getVotes_whenTheCoinsWereHeldDoesNotMatter(uint256 seed) public {
        _delegateSelf(dave);
        skip(MATURITY * 2);
        uint256 t = block.timestamp + MATURITY + 1 hours;
        for (uint256 k = 0; k < 8; ++k) {
            // one second somewhere inside the k-th eighth of the window, chosen by the fuzzer
            uint256 when = t - MATURITY + k * STEP + 1 + uint256(keccak256(abi.encode(seed, k))) % (STEP - 2);
            vm.warp(when);
            _send(bob, dave, INITIAL_BALANCE);
            vm.warp(when + 1);
            _send(dave, bob, INITIAL_BALANCE);
        }
        vm.warp(t);
        _send(bob, dave, INITIAL_BALANCE);
        vm.warp(t + 1);
        uint256 heldSeconds = (coin.getPastVoteSeconds(dave, t) - coin.getPastVoteSeconds(dave, t - MATURITY))
            / INITIAL_BALANCE;
        assertEq(heldSeconds, 8);
        assertEq(ageGovernor.getVotes(dave, t), INITIAL_BALANCE + INITIAL_BALANCE * 8 / MATURITY, "as at the known instants");
    }

    // ---------------------------------------------------------------- (c) the weighting can turn an outcome

    /// alice has held 1M for the whole window; dave gathers 1.2M just before the proposal. The same votes on the same
    /// coins: plain balance voting defeats the proposal, coin-age voting passes it.
    function test_outcome_coinAgeTurnsAProposalThatPlainVotingDefeats() public {
        _delegateSelf(alice);
        skip(MATURITY);
        _send(carol, dave, 1_000_000 ether);
        _send(bob, dave, 200_000 ether);
        _delegateSelf(dave);
        skip(1);
        bytes memory data = abi.encodeCall(IReleaseRegistry.approveRelease, (bytes20(hex"02"), bytes32(0)));
        uint256 plainId = _proposeTo(governor, alice, address(releases), data, "Release 2");
        uint256 ageId = _proposeTo(ageGovernor, alice, address(ageReleases), data, "Release 2");
        skip(VOTING_DELAY + 1);
        _voteOn(governor, alice, plainId, FOR);
        _voteOn(governor, dave, plainId, AGAINST);
        _voteOn(ageGovernor, alice, ageId, FOR);
        _voteOn(ageGovernor, dave, ageId, AGAINST);
        skip(VOTING_PERIOD);

        (uint256 plainAgainst, uint256 plainFor,) = governor.proposalVotes(plainId);
        (uint256 ageAgainst, uint256 ageFor,) = ageGovernor.proposalVotes(ageId);
        assertEq(plainFor, 1_000_000 ether);
        assertEq(plainAgainst, 1_200_000 ether);
        assertEq(ageFor, 2_000_000 ether);
        // dave's coins were held from one second before the proposal to the snapshot: that much age, no more.
        assertEq(ageAgainst, 1_200_000 ether + 1_200_000 ether * (uint256(VOTING_DELAY) + 1) / MATURITY);
        assertEq(uint8(governor.state(plainId)), uint8(IGovernor.ProposalState.Defeated));
        assertEq(uint8(ageGovernor.state(ageId)), uint8(IGovernor.ProposalState.Succeeded));
    }

    // ---------------------------------------------------------------- (d) the cap

    function test_getVotes_capHoldsAfterAnyLongerHolding() public {
        _delegateSelf(alice);
        skip(MATURITY * 10);
        assertEq(ageGovernor.getVotes(alice, block.timestamp - 1), 2 * INITIAL_BALANCE);
    }

    /// Whatever the history of transfers and delegations, the weight lies between the coins and (1 + B) times them,
    /// and a smaller bonus scales the weight down proportionally.
    function testFuzz_getVotes_betweenCoinsAndTheCap(uint256 seed, uint16 bonus) public {
        bonus = uint16(_bound(bonus, 1, MAX_BONUS_BPS));
        CoinAgeGovernor small = _newGovernor(MATURITY, bonus);
        address[3] memory holders = [alice, bob, carol];
        for (uint256 i = 0; i < 3; ++i) {
            _delegateSelf(holders[i]);
        }
        for (uint256 step = 0; step < 12; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address from = holders[r % 3];
            address to = holders[(r >> 8) % 3];
            uint256 amount = _bound(r >> 16, 0, coin.balanceOf(from));
            _send(from, to, amount);
            skip(_bound(r >> 128, 1, MATURITY / 2));
        }
        uint256 t = block.timestamp - 1;
        for (uint256 i = 0; i < 3; ++i) {
            uint256 coins = coin.getPastVotes(holders[i], t);
            uint256 weight = ageGovernor.getVotes(holders[i], t);
            assertGe(weight, coins, "never below the coins");
            assertLe(weight, 2 * coins, "never above the cap");
            uint256 smallWeight = small.getVotes(holders[i], t);
            assertLe(smallWeight, coins + coins * bonus / 10_000, "never above a smaller cap");
            assertApproxEqAbs(smallWeight - coins, (weight - coins) * bonus / 10_000, 1, "bonus scales with B");
        }
    }

    // ---------------------------------------------------------------- quorum in coins

    function test_quorum_countsCoinsNotWeight() public {
        // dave holds 100k for the whole window: 200k weighted, above the 120k quorum, but only 100k coins.
        _send(alice, dave, 100_000 ether);
        _delegateSelf(dave);
        _delegateSelf(alice);
        skip(MATURITY);
        uint256 id = _proposeTo(ageGovernor, alice, address(ageReleases),
            abi.encodeCall(IReleaseRegistry.approveRelease, (bytes20(hex"03"), bytes32(0))), "Release 3");
        skip(VOTING_DELAY + 1);
        _voteOn(ageGovernor, dave, id, FOR);
        assertEq(ageGovernor.quorum(ageGovernor.proposalSnapshot(id)), 120_000 ether);
        assertEq(ageGovernor.proposalCoinTurnout(id), 100_000 ether);
        (, uint256 for_,) = ageGovernor.proposalVotes(id);
        assertEq(for_, 200_000 ether);
        skip(VOTING_PERIOD);
        assertEq(uint8(ageGovernor.state(id)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_quorum_abstainCountsAgainstDoesNot() public {
        _delegateSelf(alice);
        _delegateSelf(bob);
        _delegateSelf(carol);
        skip(1);
        uint256 id = _proposeTo(ageGovernor, alice, address(ageReleases),
            abi.encodeCall(IReleaseRegistry.approveRelease, (bytes20(hex"04"), bytes32(0))), "Release 4");
        skip(VOTING_DELAY + 1);
        _voteOn(ageGovernor, alice, id, AGAINST);
        assertEq(ageGovernor.proposalCoinTurnout(id), 0);
        _voteOn(ageGovernor, bob, id, ABSTAIN);
        assertEq(ageGovernor.proposalCoinTurnout(id), INITIAL_BALANCE);
        _voteOn(ageGovernor, carol, id, FOR);
        assertEq(ageGovernor.proposalCoinTurnout(id), 2 * INITIAL_BALANCE);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, carol));
        _voteOn(ageGovernor, carol, id, FOR);
    }

    // ---------------------------------------------------------------- end to end

    function test_approveRelease_endToEndThroughTheCoinAgeGovernor() public {
        _delegateSelf(alice);
        skip(MATURITY);
        _delegateSelf(bob); // the same coins as alice, without age: alice's aged For outweighs bob's Against
        skip(1);
        bytes20 commit = bytes20(hex"7e9639b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7");
        address[] memory targets = new address[](1);
        targets[0] = address(ageReleases);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(IReleaseRegistry.approveRelease, (commit, bytes32(0)));
        bytes32 descriptionHash = keccak256("Approve the release");
        uint256 id = _proposeTo(ageGovernor, alice, targets[0], calldatas[0], "Approve the release");
        skip(VOTING_DELAY + 1);
        _voteOn(ageGovernor, alice, id, FOR);
        _voteOn(ageGovernor, bob, id, AGAINST);
        skip(VOTING_PERIOD);
        assertEq(uint8(ageGovernor.state(id)), uint8(IGovernor.ProposalState.Succeeded));
        ageGovernor.queue(targets, values, calldatas, descriptionHash);
        skip(TIMELOCK_DELAY);
        ageGovernor.execute(targets, values, calldatas, descriptionHash);
        assertEq(uint8(ageGovernor.state(id)), uint8(IGovernor.ProposalState.Executed));
        assertTrue(ageReleases.isApproved(commit));
    }
}
