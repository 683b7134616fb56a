// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IRedEnvelope} from "../../src/envelopes/IRedEnvelope.sol";
import {RedEnvelopeTestBase} from "./RedEnvelopeTestBase.sol";
import {ApprovingGatekeeper} from "./mocks/ApprovingGatekeeper.sol";

/// One test per leaf of claim.tree, in the tree's order.
contract RedEnvelopeClaimTest is RedEnvelopeTestBase {
    address internal claimer = makeAddr("claimer");

    function test_RevertWhen_TheEnvelopeDoesNotExist() external {
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(1, claimer, deadline);
        vm.prank(claimer);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeNotFound.selector, 1));
        envelopes.claim(1, deadline, voucher);
    }

    function test_RevertWhen_NoShareIsLeft() external {
        uint256 id = _create(alice, TOTAL, 2, RANDOM);
        _claimAll(id);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, claimer, deadline);

        vm.prank(claimer);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeEmpty.selector, id));
        envelopes.claim(id, deadline, voucher);
    }

    function test_RevertWhen_TheEnvelopeHasExpired_AndHasNotBeenRefunded() external {
        uint256 id = _create(RANDOM);
        uint64 expiresAt = envelopes.envelope(id).expiresAt;
        vm.warp(expiresAt + 1);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, claimer, deadline);

        vm.prank(claimer);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeExpired.selector, id, expiresAt));
        envelopes.claim(id, deadline, voucher);
    }

    function test_RevertWhen_TheEnvelopeHasExpired_AndHasBeenRefunded() external {
        uint256 id = _create(RANDOM);
        uint64 expiresAt = envelopes.envelope(id).expiresAt;
        vm.warp(expiresAt + 1);
        envelopes.refund(id);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, claimer, deadline);

        vm.prank(claimer);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeExpired.selector, id, expiresAt));
        envelopes.claim(id, deadline, voucher);
    }

    function test_RevertWhen_TheClaimerHasAlreadyClaimed() external {
        uint256 id = _create(RANDOM);
        _claim(id, claimer);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, claimer, deadline);

        vm.prank(claimer);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeAlreadyClaimed.selector, id, claimer));
        envelopes.claim(id, deadline, voucher);
    }

    function test_RevertWhen_TheVouchersDeadlineHasPassed() external {
        uint256 id = _create(RANDOM);
        uint64 deadline = uint64(block.timestamp) - 1;
        bytes memory voucher = _voucher(id, claimer, deadline);

        vm.prank(claimer);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeVoucherExpired.selector, deadline));
        envelopes.claim(id, deadline, voucher);
    }

    function test_RevertWhen_AnotherKeySignedTheVoucher() external {
        uint256 id = _create(RANDOM);
        uint64 deadline = _deadline();
        bytes memory voucher = _sign(alicePk, envelopes.voucherDigest(id, claimer, deadline));

        vm.prank(claimer);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, id, claimer));
        envelopes.claim(id, deadline, voucher);
    }

    function test_RevertWhen_TheVoucherWasSignedForAnotherClaimer() external {
        uint256 id = _create(RANDOM);
        uint64 deadline = _deadline();
        bytes memory voucherOfBob = _voucher(id, bob, deadline);

        vm.prank(claimer);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, id, claimer));
        envelopes.claim(id, deadline, voucherOfBob);
    }

    function test_RevertWhen_TheVoucherWasSignedForAnotherDeadline() external {
        uint256 id = _create(RANDOM);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, claimer, deadline);

        vm.prank(claimer);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, id, claimer));
        envelopes.claim(id, deadline + 1 days, voucher);
    }

    function test_RevertWhen_TheVoucherIsNotA65ByteSignature() external {
        uint256 id = _create(RANDOM);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, claimer, deadline);
        bytes memory truncated = new bytes(64);
        for (uint256 i = 0; i < 64; ++i) {
            truncated[i] = voucher[i];
        }

        vm.prank(claimer);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, id, claimer));
        envelopes.claim(id, deadline, truncated);
    }

    function test_RevertWhen_TheGatekeeperIsAnErc1271ContractThatRejectsTheVoucher() external {
        ApprovingGatekeeper wallet = new ApprovingGatekeeper();
        uint256 id = _createGuardedBy(address(wallet));
        uint64 deadline = _deadline();
        wallet.approve(envelopes.voucherDigest(id, bob, deadline)); // approves bob, not the claimer

        vm.prank(claimer);
        vm.expectRevert(abi.encodeWithSelector(IRedEnvelope.RedEnvelopeInvalidVoucher.selector, id, claimer));
        envelopes.claim(id, deadline, "");
    }

    function test_WhenTheGatekeeperIsAnErc1271ContractThatAcceptsTheVoucher() external {
        ApprovingGatekeeper wallet = new ApprovingGatekeeper();
        uint256 id = _createGuardedBy(address(wallet));
        uint64 deadline = _deadline();
        wallet.approve(envelopes.voucherDigest(id, claimer, deadline));

        vm.prank(claimer);
        uint256 share = envelopes.claim(id, deadline, "");

        assertEq(share, TOTAL / SHARES, "share");
        assertEq(coin.balanceOf(claimer), share, "paid");
        assertTrue(envelopes.hasClaimed(id, claimer), "marked");
    }

    function test_WhenItIsTheLastShare() external {
        uint256 id = _create(alice, TOTAL, 3, RANDOM);
        uint256 paid = _claim(id, _member(1)) + _claim(id, _member(2));
        uint256 remainder = TOTAL - paid;
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, claimer, deadline);

        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.EnvelopeClaimed(id, claimer, remainder);
        vm.prank(claimer);
        uint256 share = envelopes.claim(id, deadline, voucher);

        assertEq(share, remainder, "the last share takes the rest");
        assertEq(coin.balanceOf(claimer), remainder, "paid");
        IRedEnvelope.Envelope memory e = envelopes.envelope(id);
        assertEq(e.sharesLeft, 0, "sharesLeft");
        assertEq(e.remaining, 0, "remaining");
        assertEq(coin.balanceOf(address(envelopes)), 0, "nothing locked");
    }

    function test_WhenTheModeIsEqual() external {
        uint128 total = 100 ether; // 10^20 = 3 * 33333333333333333333 + 1: the last share takes the extra wei
        uint256 id = _create(alice, total, 3, EQUAL);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, claimer, deadline);
        uint256 expected = total / 3;

        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.EnvelopeClaimed(id, claimer, expected);
        vm.prank(claimer);
        uint256 share = envelopes.claim(id, deadline, voucher);

        assertEq(share, expected, "total / shares");
        assertEq(coin.balanceOf(claimer), expected, "paid");
        assertTrue(envelopes.hasClaimed(id, claimer), "marked");
        IRedEnvelope.Envelope memory e = envelopes.envelope(id);
        assertEq(e.sharesLeft, 2, "sharesLeft");
        assertEq(e.remaining, total - expected, "remaining");
        assertEq(_claim(id, _member(1)), expected, "second share");
        assertEq(_claim(id, _member(2)), expected + 1, "the last share takes the remainder of the division");
    }

    function test_WhenTheModeIsRandom_AndTheTotalIsExactlySharesTimesMinShare() external {
        uint256 id = _create(alice, SHARES * MIN_SHARE, SHARES, RANDOM);

        for (uint256 i = 0; i < SHARES; ++i) {
            assertEq(_claim(id, _member(i)), MIN_SHARE, "no room above the minimum");
        }
    }

    function test_WhenTheModeIsRandom_AndTheTotalIsAboveSharesTimesMinShare() external {
        uint256 id = _create(RANDOM);
        uint64 deadline = _deadline();
        bytes memory voucher = _voucher(id, claimer, deadline);
        vm.prevrandao(bytes32(uint256(7)));
        uint256 expected = _expectedRandomShare(id, claimer, TOTAL, SHARES, 7);

        vm.expectEmit(address(envelopes));
        emit IRedEnvelope.EnvelopeClaimed(id, claimer, expected);
        vm.prank(claimer);
        uint256 share = envelopes.claim(id, deadline, voucher);

        assertEq(share, expected, "the documented draw");
        assertGe(share, MIN_SHARE, "at least minShare");
        assertLe(share, 2 * TOTAL / SHARES, "at most twice the average");
        assertEq(coin.balanceOf(claimer), share, "paid");
        assertTrue(envelopes.hasClaimed(id, claimer), "marked");
        IRedEnvelope.Envelope memory e = envelopes.envelope(id);
        assertEq(e.sharesLeft, SHARES - 1, "sharesLeft");
        assertEq(e.remaining, TOTAL - share, "remaining");
    }

    function _createGuardedBy(address wallet) internal returns (uint256 id) {
        uint64 expiresAt = _expiry();
        vm.prank(alice);
        id = envelopes.create(coin, TOTAL, SHARES, EQUAL, expiresAt, wallet, CHAT_REF);
    }

    /// The WeChat rule as the NatSpec states it, recomputed here.
    function _expectedRandomShare(uint256 id, address who, uint256 remaining, uint256 sharesLeft, uint256 prevrandao)
        internal
        pure
        returns (uint256)
    {
        uint256 max = 2 * remaining / sharesLeft;
        uint256 reserve = remaining - (sharesLeft - 1) * MIN_SHARE;
        if (max > reserve) max = reserve;
        uint256 random = uint256(keccak256(abi.encode(prevrandao, id, who, sharesLeft)));
        return MIN_SHARE + random % (max - MIN_SHARE + 1);
    }
}
