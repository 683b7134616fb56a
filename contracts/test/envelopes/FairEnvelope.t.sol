// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Vm} from "forge-std/Vm.sol";
import {IRedEnvelope} from "../../src/envelopes/IRedEnvelope.sol";
import {FairEnvelopeTestBase} from "./FairEnvelopeTestBase.sol";

/// Fair envelopes: commit at creation, positions at claim, the draw and the payout at reveal, the equal fallback.
contract FairEnvelopeTest is FairEnvelopeTestBase {
    bytes32 internal seed = _seed(1);

    function test_createFair_storesTheCommitmentAndTheFairMode() external {
        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.EnvelopeSeedCommitted(1, _seedHash(seed));
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        assertEq(uint8(envelopes.envelope(id).mode), uint8(IRedEnvelope.SplitMode.Fair));
        assertEq(envelopes.draw(id).seedHash, _seedHash(seed));
        assertEq(coin.balanceOf(address(envelopes)), TOTAL);
    }

    /// A Fair envelope's reveal pays every claimer at once, so its shares are capped below what one block can pay,
    /// even when governance allows more shares for the other modes.
    function test_createFair_RevertWhen_MoreSharesThanOneRevealCanPay() external {
        uint32 cap = envelopes.MAX_FAIR_SHARES();
        assertGt(envelopes.maxShares(), cap);
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeTooManyShares.selector, cap + 1, cap));
        envelopes.createFair(coin, 1_000 ether, cap + 1, expiresAt, gatekeeper, CHAT_REF, _seedHash(_seed(1)));
        vm.prank(alice);
        envelopes.createFair(coin, 1_000 ether, cap, expiresAt, gatekeeper, CHAT_REF, _seedHash(_seed(1)));
    }

    function test_createFair_RevertWhen_NoCommitment() external {
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        vm.expectRevert(IRedEnvelope.RedEnvelopeSeedHashRequired.selector);
        envelopes.createFair(coin, TOTAL, SHARES, expiresAt, gatekeeper, CHAT_REF, bytes32(0));
    }

    function test_create_RevertWhen_FairWithoutCommitment() external {
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        vm.expectRevert(IRedEnvelope.RedEnvelopeSeedHashRequired.selector);
        envelopes.create(coin, TOTAL, SHARES, IRedEnvelope.SplitMode.Fair, expiresAt, gatekeeper, CHAT_REF);
    }

    function test_claim_fair_takesThePositionAndPaysNothing() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        _claim(id, _member(0));
        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.EnvelopePositionTaken(id, _member(1), 1);
        uint256 share = _claim(id, _member(1));
        assertEq(share, 0, "nothing is known at the claim");
        assertEq(coin.balanceOf(_member(1)), 0, "nothing is paid at the claim");
        assertEq(envelopes.claimerAt(id, 1), _member(1));
        assertEq(envelopes.envelope(id).remaining, TOTAL);
        assertEq(envelopes.draw(id).closedAt, 0, "still open");
    }

    function test_claim_fair_lastShareClosesTheEnvelope() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        for (uint256 i = 0; i + 1 < SHARES; ++i) {
            _claim(id, _member(i));
        }
        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.EnvelopeClosed(id, uint64(block.number));
        _claim(id, _member(SHARES));
        assertEq(envelopes.draw(id).closedAt, block.number);
    }

    function test_reveal_paysEveryPositionItsDrawnShare() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        _claimRest(id, 0);
        uint64 closedAt = envelopes.draw(id).closedAt;
        vm.roll(block.number + 1);
        bytes32 randomness = keccak256(abi.encode(seed, blockhash(closedAt), id));
        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.EnvelopeRevealed(id, seed, blockhash(closedAt), randomness);
        envelopes.reveal(id, seed);

        uint256[] memory amounts = envelopes.fairShares(randomness, TOTAL, SHARES, MIN_SHARE);
        uint256 sum;
        for (uint32 p = 0; p < SHARES; ++p) {
            assertEq(coin.balanceOf(_member(p)), amounts[p], "paid the share of its position");
            assertGe(amounts[p], MIN_SHARE, "at least the minimum");
            sum += amounts[p];
        }
        assertEq(sum, TOTAL, "the shares sum to the total");
        assertEq(envelopes.envelope(id).remaining, 0);
        assertEq(coin.balanceOf(address(envelopes)), 0);
        assertTrue(envelopes.draw(id).settled);
    }

    function test_reveal_theRevealBlockChangesNothing() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        _claimRest(id, 0);
        uint256 snapshot = vm.snapshotState();
        vm.roll(block.number + 1);
        envelopes.reveal(id, seed);
        uint256 early = coin.balanceOf(_member(0));
        vm.revertToState(snapshot);
        vm.roll(block.number + 200);
        vm.prevrandao(keccak256("another proposer"));
        envelopes.reveal(id, seed);
        assertEq(coin.balanceOf(_member(0)), early, "the reveal's block is not an input");
    }

    function test_reveal_RevertWhen_WrongSeed() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        _claimRest(id, 0);
        vm.roll(block.number + 1);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeWrongSeed.selector, id, _seedHash(seed)));
        envelopes.reveal(id, _seed(2));
    }

    function test_reveal_RevertWhen_NotClosed() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        _claim(id, _member(0));
        vm.roll(block.number + 1);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotClosed.selector, id));
        envelopes.reveal(id, seed);
    }

    function test_reveal_RevertWhen_InTheClosingBlock() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        _claimRest(id, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IRedEnvelope.RedEnvelopeRevealTooEarly.selector, id, uint64(block.number))
        );
        envelopes.reveal(id, seed);
    }

    function test_reveal_RevertWhen_ClosingBlockHashIsGone() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        _claimRest(id, 0);
        uint64 closedAt = uint64(block.number);
        vm.roll(block.number + 257);
        vm.expectRevert(
            abi.encodeWithSelector(IRedEnvelope.RedEnvelopeRevealWindowOver.selector, id, closedAt + 256)
        );
        envelopes.reveal(id, seed);
    }

    function test_reveal_RevertWhen_AlreadySettled() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        _claimRest(id, 0);
        _reveal(id, seed);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeAlreadySettled.selector, id));
        envelopes.reveal(id, seed);
    }

    function test_reveal_RevertWhen_NotFair() external {
        uint256 id = _create(RANDOM);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotFair.selector, id));
        envelopes.reveal(id, seed);
    }

    function test_close_expiredWithClaims_letsTheRevealPayAndTheCreatorTakeTheRest() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        _claim(id, _member(0));
        _claim(id, _member(1));
        vm.warp(envelopes.envelope(id).expiresAt + 1);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotSettled.selector, id));
        envelopes.refund(id);

        envelopes.close(id);
        _reveal(id, seed);
        uint256 paid = _amountAt(id, 0) + _amountAt(id, 1);
        assertEq(coin.balanceOf(_member(0)) + coin.balanceOf(_member(1)), paid);
        uint256 before = coin.balanceOf(alice);
        assertEq(envelopes.refund(id), TOTAL - paid, "the unclaimed positions' shares");
        assertEq(coin.balanceOf(alice) - before, TOTAL - paid);
        assertEq(coin.balanceOf(address(envelopes)), 0);
    }

    function test_close_RevertWhen_OpenOrEmptyOrClosed() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        _claim(id, _member(0));
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotClosable.selector, id));
        envelopes.close(id); // still open

        uint256 unclaimed = _createFair(alice, TOTAL, SHARES, seed);
        vm.warp(envelopes.envelope(id).expiresAt + 1);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotClosable.selector, unclaimed));
        envelopes.close(unclaimed); // nobody claimed: the refund takes everything back
        assertEq(envelopes.refund(unclaimed), TOTAL);

        envelopes.close(id);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotClosable.selector, id));
        envelopes.close(id);
    }

    function test_settleEqually_afterTheRevealWindow_paysEveryClaimerTheEqualShare() external {
        uint256 id = _createFair(alice, TOTAL, SHARES, seed);
        _claimRest(id, 0);
        uint64 closedAt = uint64(block.number);
        vm.roll(closedAt + 256);
        vm.expectRevert(
            abi.encodeWithSelector(IRedEnvelope.RedEnvelopeRevealWindowOpen.selector, id, closedAt + 256)
        );
        envelopes.settleEqually(id);

        vm.roll(closedAt + 257);
        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.EnvelopeSettledEqually(id, TOTAL / SHARES);
        envelopes.settleEqually(id);
        for (uint256 i = 0; i < SHARES; ++i) {
            assertEq(coin.balanceOf(_member(i)), TOTAL / SHARES);
        }
        assertEq(coin.balanceOf(address(envelopes)), 0);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeAlreadySettled.selector, id));
        envelopes.settleEqually(id);
    }

    function testFuzz_fairShares_sumToTheTotalAndEachIsAtLeastMinShare(
        bytes32 randomness,
        uint256 total,
        uint256 shares,
        uint256 minShare_,
        bool tight
    ) external view {
        minShare_ = bound(minShare_, 1, 10 ether);
        shares = bound(shares, 1, 200);
        uint256 minimum = shares * minShare_;
        total = bound(total, minimum, tight ? minimum + shares : type(uint112).max);
        uint256[] memory amounts = envelopes.fairShares(randomness, total, uint32(shares), uint96(minShare_));
        uint256 sum;
        for (uint256 i = 0; i < shares; ++i) {
            assertGe(amounts[i], minShare_, "every share is at least minShare");
            sum += amounts[i];
        }
        assertEq(sum, total, "the shares sum to the total");
    }

    function testFuzz_reveal_paysEachClaimerOnceAndTheBooksBalance(uint256 n, uint256 shares, uint256 claims)
        external
    {
        shares = bound(shares, 1, 40);
        claims = bound(claims, 1, shares);
        bytes32 s = _seed(n);
        uint256 id = _createFair(alice, TOTAL, uint32(shares), s);
        for (uint256 i = 0; i < claims; ++i) {
            _claim(id, _member(i));
        }
        if (claims < shares) {
            vm.warp(envelopes.envelope(id).expiresAt + 1);
            envelopes.close(id);
        }
        vm.recordLogs();
        _reveal(id, s);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 payouts;
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].topics[0] == IRedEnvelope.EnvelopeClaimed.selector) ++payouts;
        }
        assertEq(payouts, claims, "one payout per claimer");
        uint256 paid;
        for (uint32 p = 0; p < claims; ++p) {
            assertEq(coin.balanceOf(_member(p)), _amountAt(id, p));
            paid += _amountAt(id, p);
        }
        assertEq(envelopes.envelope(id).remaining, TOTAL - paid);
        assertEq(coin.balanceOf(address(envelopes)), TOTAL - paid);
    }
}

/// Gas of the Fair path, next to Random's in RedEnvelope.json.
contract FairEnvelopeGasTest is FairEnvelopeTestBase {
    uint256 internal fairId;

    function setUp() public override {
        super.setUp();
        fairId = _createFair(bob, TOTAL, SHARES, _seed(7));
        _claim(fairId, _member(100));
    }

    function test_createFair_gas() external {
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        envelopes.createFair(coin, TOTAL, SHARES, expiresAt, gatekeeper, CHAT_REF, _seedHash(_seed(8)));
        vm.snapshotGasLastCall("RedEnvelope", "createFair");
    }

    function test_claim_fair_gas() external {
        uint64 deadline = _deadline();
        address member = _member(1);
        bytes memory voucher = _voucher(fairId, member, deadline);
        vm.prank(member);
        envelopes.claim(fairId, deadline, voucher);
        vm.snapshotGasLastCall("RedEnvelope", "claim_fair");
    }

    /// The reveal of the largest Fair envelope, every share claimed by a fresh member: one transaction that must fit
    /// one block (the reason for MAX_FAIR_SHARES); this keeps it under two thirds of a 30M block.
    function test_reveal_max_gas() external {
        uint32 shares = envelopes.MAX_FAIR_SHARES();
        uint256 id = _createFair(alice, uint128(shares) * 1 ether, shares, _seed(9));
        _claimRest(id, 1_000);
        vm.roll(block.number + 1);
        envelopes.reveal(id, _seed(9));
        vm.snapshotGasLastCall("RedEnvelope", "reveal_500");
        assertLe(vm.lastCallGas().gasTotalUsed, 20_000_000);
        assertTrue(envelopes.draw(id).settled);
    }

    /// The equal settlement of the largest Fair envelope (the fallback): cheaper than its reveal (no draw).
    function test_settleEqually_max_gas() external {
        uint32 shares = envelopes.MAX_FAIR_SHARES();
        uint256 id = _createFair(alice, uint128(shares) * 1 ether, shares, _seed(10));
        _claimRest(id, 2_000);
        vm.roll(block.number + 257);
        envelopes.settleEqually(id);
        vm.snapshotGasLastCall("RedEnvelope", "settleEqually_500");
        assertLe(vm.lastCallGas().gasTotalUsed, 20_000_000);
    }

    /// The reveal of a 10-share envelope: the draw, the shuffle and ten payouts to fresh members.
    function test_reveal_10_gas() external {
        _claimRest(fairId, 0);
        vm.roll(block.number + 1);
        envelopes.reveal(fairId, _seed(7));
        vm.snapshotGasLastCall("RedEnvelope", "reveal_10");
    }
}
