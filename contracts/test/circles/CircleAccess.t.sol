// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {ICircleAccess} from "../../src/circles/ICircleAccess.sol";
import {CircleAccess} from "../../src/circles/CircleAccess.sol";
import {CircleAccessTestBase} from "./CircleAccessTestBase.sol";

/// Construction, registration and the governance-only treasury settings.
contract CircleAccessSetupTest is CircleAccessTestBase {
    function test_constructor_ownerTreasuryCoinForwarder() public view {
        assertEq(circles.owner(), address(timelock));
        assertEq(circles.treasury(), address(timelock));
        assertEq(circles.treasuryRate(), 0);
        assertEq(address(circles.coin()), address(coin));
        assertTrue(circles.isTrustedForwarder(address(forwarder)));
        assertEq(circles.circleCount(), 0);
        assertEq(circles.ONE_OFF(), type(uint48).max);
        assertEq(circles.MAX_PERIODS(), 10_000);
    }

    function test_RevertWhen_constructor_treasuryIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleInvalidRecipient.selector, address(0)));
        new CircleAccess(coin, address(timelock), address(0), address(forwarder));
    }

    function test_RevertWhen_constructor_ownerIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new CircleAccess(coin, address(0), address(timelock), address(forwarder));
    }

    function test_registerCircle_storesTheCircleAndEmits() public {
        vm.expectEmit(address(circles));
        emit ICircleAccess.CircleRegistered(1, host, hostPayout, PRICE, PERIOD, GROUP);
        uint256 id = _register();
        assertEq(id, 1);
        assertEq(circles.circleCount(), 1);
        ICircleAccess.Circle memory c = circles.circle(id);
        assertEq(c.owner, host);
        assertEq(c.payout, hostPayout);
        assertEq(c.price, PRICE);
        assertEq(c.period, PERIOD);
        assertEq(c.closedAt, 0);
        assertEq(_register(), 2, "ids count up");
    }

    function test_registerCircle_relayedOwnerIsTheSigner() public {
        bytes memory data = abi.encodeCall(ICircleAccess.registerCircle, (hostPayout, PRICE, PERIOD, GROUP));
        ERC2771Forwarder.ForwardRequestData memory request = _signForwardRequest(carolPk, address(circles), data);
        vm.prank(relayer);
        forwarder.execute(request);
        assertEq(circles.circle(1).owner, carol);
    }

    function test_RevertWhen_registerCircle_payoutIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleInvalidRecipient.selector, address(0)));
        vm.prank(host);
        circles.registerCircle(address(0), PRICE, PERIOD, GROUP);
    }

    function test_RevertWhen_registerCircle_payoutIsTheContract() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleInvalidRecipient.selector, address(circles)));
        vm.prank(host);
        circles.registerCircle(address(circles), PRICE, PERIOD, GROUP);
    }

    function test_RevertWhen_registerCircle_priceIsZero() public {
        vm.expectRevert(ICircleAccess.CircleZeroPrice.selector);
        _register(0, PERIOD);
    }

    function test_RevertWhen_registerCircle_periodIsZero() public {
        vm.expectRevert(ICircleAccess.CircleZeroPeriod.selector);
        _register(PRICE, 0);
    }

    function test_setTreasuryRate_byTheTimelock() public {
        vm.expectEmit(address(circles));
        emit ICircleAccess.TreasuryRateChanged(0, 250);
        _setTreasuryRate(250);
        assertEq(circles.treasuryRate(), 250);
        _setTreasuryRate(10_000);
        assertEq(circles.treasuryRate(), 10_000);
    }

    function test_RevertWhen_setTreasuryRate_callerIsNotTheTimelock() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, host));
        vm.prank(host);
        circles.setTreasuryRate(100);
    }

    function test_RevertWhen_setTreasuryRate_above100Percent() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleTreasuryRateTooHigh.selector, 10_001));
        _setTreasuryRate(10_001);
    }

    function test_setTreasury_byTheTimelock() public {
        address vault = makeAddr("vault");
        vm.expectEmit(address(circles));
        emit ICircleAccess.TreasuryChanged(address(timelock), vault);
        vm.prank(address(timelock));
        circles.setTreasury(vault);
        assertEq(circles.treasury(), vault);
    }

    function test_RevertWhen_setTreasury_callerIsNotTheTimelock() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        circles.setTreasury(alice);
    }

    function test_RevertWhen_setTreasury_zero() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleInvalidRecipient.selector, address(0)));
        vm.prank(address(timelock));
        circles.setTreasury(address(0));
    }
}

/// pay and payWithPermit: joining, renewing, the confirmed terms, one-off circles, the treasury share.
contract CircleAccessPayTest is CircleAccessTestBase {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = _register();
    }

    function test_pay_joinsForOnePeriodAndPaysTheOwnerAtOnce() public {
        uint256 before = coin.balanceOf(alice);
        uint64 expected = uint64(block.timestamp + PERIOD);
        vm.expectEmit(address(circles));
        emit ICircleAccess.CirclePaid(id, alice, 1, PRICE, expected);
        assertEq(_pay(alice, id, 1), expected);

        assertEq(circles.expiryOf(id, alice), expected);
        assertTrue(circles.isMember(id, alice));
        assertEq(coin.balanceOf(alice), before - PRICE);
        assertEq(coin.balanceOf(hostPayout), PRICE, "the started period is the owner's");
        assertEq(coin.balanceOf(address(circles)), 0, "nothing held");
        (uint64 held, uint256 value) = circles.heldOf(id, alice);
        assertEq(held, 0);
        assertEq(value, 0);
    }

    function test_pay_severalPeriodsHoldsThoseNotStarted() public {
        _pay(alice, id, 3);
        assertEq(circles.expiryOf(id, alice), block.timestamp + 3 * PERIOD);
        assertEq(coin.balanceOf(hostPayout), PRICE);
        assertEq(coin.balanceOf(address(circles)), 2 * PRICE);
        (uint64 held, uint256 value) = circles.heldOf(id, alice);
        assertEq(held, 2);
        assertEq(value, 2 * PRICE);
    }

    function test_pay_renewWhileMemberExtendsFromTheExpiry() public {
        uint64 first = _pay(alice, id, 1);
        skip(PERIOD / 2);
        vm.expectEmit(address(circles));
        emit ICircleAccess.CirclePaid(id, alice, 2, PRICE, first + 2 * PERIOD);
        assertEq(_pay(alice, id, 2), first + 2 * PERIOD);
        assertEq(coin.balanceOf(address(circles)), 2 * PRICE, "both renewed periods are ahead");
        assertEq(coin.balanceOf(hostPayout), PRICE);
    }

    function test_pay_renewAfterLapseStartsNow() public {
        uint64 first = _pay(alice, id, 1);
        vm.warp(first + 5 days);
        assertFalse(circles.isMember(id, alice));
        assertEq(_pay(alice, id, 1), block.timestamp + PERIOD);
        assertEq(coin.balanceOf(hostPayout), 2 * PRICE);
    }

    function test_pay_renewReleasesEarlierPrepaidPeriodsThatStarted() public {
        _pay(alice, id, 3); // periods 2 and 3 held
        skip(PERIOD + 1); // period 2 started
        vm.expectEmit(address(circles));
        emit ICircleAccess.CirclePeriodsReleased(id, alice, 1, PRICE, 0);
        _pay(alice, id, 1);
        assertEq(coin.balanceOf(hostPayout), 2 * PRICE);
        (uint64 held,) = circles.heldOf(id, alice);
        assertEq(held, 2, "period 3 and the new period 4");
    }

    function test_pay_membershipEndsAtTheExpiry() public {
        uint64 expiry = _pay(alice, id, 1);
        vm.warp(expiry - 1);
        assertTrue(circles.isMember(id, alice));
        vm.warp(expiry);
        assertFalse(circles.isMember(id, alice), "the expiry is exclusive");
    }

    function test_pay_treasuryShareGoesToTheTreasury() public {
        _setTreasuryRate(500); // 5%
        _pay(alice, id, 1);
        assertEq(coin.balanceOf(address(timelock)), 0.5 ether);
        assertEq(coin.balanceOf(hostPayout), 9.5 ether);
    }

    function test_pay_oneOffNeverExpires() public {
        uint256 oneOff = _register(50 ether, circles.ONE_OFF());
        vm.expectEmit(address(circles));
        emit ICircleAccess.CirclePaid(oneOff, alice, 1, 50 ether, type(uint64).max);
        _pay(alice, oneOff, 1);
        assertEq(circles.expiryOf(oneOff, alice), type(uint64).max);
        skip(3650 days);
        assertTrue(circles.isMember(oneOff, alice));
        assertEq(coin.balanceOf(hostPayout), 50 ether);
        assertEq(coin.balanceOf(address(circles)), 0);
    }

    function test_RevertWhen_pay_oneOffTwice() public {
        uint256 oneOff = _register(50 ether, circles.ONE_OFF());
        _pay(alice, oneOff, 1);
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleAlreadyMember.selector, oneOff, alice));
        _payAt(alice, oneOff, 1, 50 ether);
    }

    function test_RevertWhen_pay_oneOffForSeveralPeriods() public {
        uint256 oneOff = _register(50 ether, circles.ONE_OFF());
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleInvalidPeriods.selector, 2));
        _payAt(alice, oneOff, 2, 50 ether);
    }

    function test_RevertWhen_pay_priceChangedSinceTheBuyerConfirmed() public {
        _setPrice(id, 12 ether);
        uint256 before = coin.balanceOf(alice);
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleTermsChanged.selector, id, PRICE, 12 ether));
        vm.prank(alice);
        circles.pay(id, 1, PRICE);
        assertEq(coin.balanceOf(alice), before, "nothing charged");
        assertEq(circles.expiryOf(id, alice), 0);
    }

    function test_RevertWhen_pay_circleNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleNotFound.selector, 99));
        vm.prank(alice);
        circles.pay(99, 1, PRICE);
    }

    function test_RevertWhen_pay_circleClosed() public {
        _close(id);
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleIsClosed.selector, id));
        _payAt(alice, id, 1, PRICE);
    }

    function test_RevertWhen_pay_zeroPeriods() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleInvalidPeriods.selector, 0));
        _payAt(alice, id, 0, PRICE);
    }

    function test_RevertWhen_pay_tooManyPeriods() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleInvalidPeriods.selector, 10_001));
        _payAt(alice, id, 10_001, PRICE);
    }

    function test_pay_maxPeriodsOfTheLongestPeriodFitsTheExpiry() public {
        uint256 longest = _register(1, type(uint48).max - 1);
        uint64 expiry = _pay(alice, longest, 10_000);
        assertEq(expiry, block.timestamp + uint256(10_000) * (type(uint48).max - 1));
    }

    function test_RevertWhen_pay_renewalsBeyondAUint64Expiry() public {
        uint48 longest = type(uint48).max - 1;
        uint256 id2 = _register(1, longest);
        uint64 expiry = _pay(alice, id2, 10_000);
        for (uint256 i = 0; i < 5; ++i) {
            expiry = _pay(alice, id2, 10_000);
        }
        uint256 beyond = uint256(expiry) + uint256(10_000) * longest;
        assertGe(beyond, type(uint64).max);
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleExpiryTooFar.selector, id2, beyond));
        _payAt(alice, id2, 10_000, 1);
        assertEq(circles.expiryOf(id2, alice), expiry, "unchanged");
    }

    function test_RevertWhen_pay_withoutAllowance() public {
        address dave = makeAddr("dave");
        vm.prank(alice);
        coin.transfer(dave, 100 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(circles), 0, PRICE)
        );
        _payAt(dave, id, 1, PRICE);
    }

    function test_RevertWhen_pay_withoutEnoughCoins() public {
        address dave = makeAddr("dave");
        vm.prank(alice);
        coin.transfer(dave, 5 ether);
        vm.prank(dave);
        coin.approve(address(circles), type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, dave, 5 ether, PRICE)
        );
        _payAt(dave, id, 1, PRICE);
    }

    function test_pay_relayedForTheSigner() public {
        bytes memory data = abi.encodeCall(ICircleAccess.pay, (id, uint64(2), PRICE));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(bobPk, address(circles), data));
        assertEq(circles.expiryOf(id, bob), block.timestamp + 2 * PERIOD);
        assertEq(circles.expiryOf(id, relayer), 0);
    }

    function test_payWithPermit_relayedMemberWithoutEtherOrAllowance() public {
        (address dave, uint256 davePk) = makeAddrAndKey("dave");
        vm.prank(alice);
        coin.transfer(dave, 100 ether);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(davePk, address(circles), 3 * PRICE, deadline);
        bytes memory data = abi.encodeCall(ICircleAccess.payWithPermit, (id, uint64(3), PRICE, deadline, v, r, s));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(davePk, address(circles), data));
        assertEq(circles.expiryOf(id, dave), block.timestamp + 3 * PERIOD);
        assertEq(coin.balanceOf(dave), 70 ether);
        assertEq(coin.allowance(dave, address(circles)), 0);
        assertEq(dave.balance, 0);
    }

    function test_payWithPermit_toleratesAFrontRunPermit() public {
        (address dave, uint256 davePk) = makeAddrAndKey("dave");
        vm.prank(alice);
        coin.transfer(dave, 100 ether);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(davePk, address(circles), PRICE, deadline);
        coin.permit(dave, address(circles), PRICE, deadline, v, r, s); // someone submits it first
        vm.prank(dave);
        circles.payWithPermit(id, 1, PRICE, deadline, v, r, s);
        assertTrue(circles.isMember(id, dave));
    }

    function test_RevertWhen_payWithPermit_priceChanged() public {
        (address dave, uint256 davePk) = makeAddrAndKey("dave");
        vm.prank(alice);
        coin.transfer(dave, 100 ether);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(davePk, address(circles), PRICE, deadline);
        _setPrice(id, 11 ether);
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleTermsChanged.selector, id, PRICE, 11 ether));
        vm.prank(dave);
        circles.payWithPermit(id, 1, PRICE, deadline, v, r, s);
        assertEq(coin.balanceOf(dave), 100 ether);
    }

    function test_RevertWhen_payWithPermit_badPermitAndNoAllowance() public {
        address dave = makeAddr("dave");
        vm.prank(alice);
        coin.transfer(dave, 100 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(circles), 0, PRICE)
        );
        vm.prank(dave);
        circles.payWithPermit(id, 1, PRICE, block.timestamp, 27, bytes32(0), bytes32(0));
    }
}

/// The owner's settings: price, payout, closing.
contract CircleAccessOwnerTest is CircleAccessTestBase {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = _register();
    }

    function test_setPrice_appliesToPeriodsBoughtAfterwardsOnly() public {
        _pay(alice, id, 3); // two held at 10
        vm.expectEmit(address(circles));
        emit ICircleAccess.CirclePriceChanged(id, PRICE, 25 ether);
        _setPrice(id, 25 ether);
        assertEq(circles.circle(id).price, 25 ether);
        assertEq(_held(id, alice), 2 * PRICE, "paid periods keep their price");
        _pay(alice, id, 1);
        assertEq(_held(id, alice), 2 * PRICE + 25 ether);
        _pay(bob, id, 1);
        assertEq(coin.balanceOf(hostPayout), PRICE + 25 ether);
    }

    function test_RevertWhen_setPrice_callerIsNotTheOwner() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleNotOwner.selector, id, alice));
        vm.prank(alice);
        circles.setPrice(id, 1 ether);
    }

    function test_RevertWhen_setPrice_zero() public {
        vm.expectRevert(ICircleAccess.CircleZeroPrice.selector);
        _setPrice(id, 0);
    }

    function test_RevertWhen_setPrice_closed() public {
        _close(id);
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleIsClosed.selector, id));
        _setPrice(id, 1 ether);
    }

    function test_RevertWhen_setPrice_circleNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleNotFound.selector, 5));
        vm.prank(host);
        circles.setPrice(5, 1 ether);
    }

    function test_setPayout_laterIncomeGoesToTheNewPayout() public {
        address newPayout = makeAddr("newPayout");
        _pay(alice, id, 2);
        vm.expectEmit(address(circles));
        emit ICircleAccess.CirclePayoutChanged(id, hostPayout, newPayout);
        vm.prank(host);
        circles.setPayout(id, newPayout);
        skip(PERIOD);
        _settle(id, alice);
        assertEq(coin.balanceOf(newPayout), PRICE, "the prepaid period released after the change");
        assertEq(coin.balanceOf(hostPayout), PRICE);
    }

    function test_setPayout_allowedAfterClosing() public {
        _close(id);
        vm.prank(host);
        circles.setPayout(id, alice);
        assertEq(circles.circle(id).payout, alice);
    }

    function test_RevertWhen_setPayout_callerIsNotTheOwner() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleNotOwner.selector, id, bob));
        vm.prank(bob);
        circles.setPayout(id, bob);
    }

    function test_RevertWhen_setPayout_zero() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleInvalidRecipient.selector, address(0)));
        vm.prank(host);
        circles.setPayout(id, address(0));
    }

    function test_close_endsMembershipAndPayments() public {
        _pay(alice, id, 1);
        vm.expectEmit(address(circles));
        emit ICircleAccess.CircleClosed(id, uint64(block.timestamp));
        _close(id);
        assertEq(circles.circle(id).closedAt, block.timestamp);
        assertFalse(circles.isMember(id, alice));
    }

    function test_RevertWhen_close_twice() public {
        _close(id);
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleIsClosed.selector, id));
        _close(id);
    }

    function test_RevertWhen_close_callerIsNotTheOwner() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleNotOwner.selector, id, alice));
        vm.prank(alice);
        circles.close(id);
    }

    function test_RevertWhen_close_circleNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleNotFound.selector, 2));
        vm.prank(host);
        circles.close(2);
    }
}

/// settle: prepaid periods released as they start; refunds of unused whole periods after closing.
contract CircleAccessSettleTest is CircleAccessTestBase {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = _register();
    }

    function test_settle_releasesNothingBeforeAPrepaidPeriodStarts() public {
        _pay(alice, id, 3);
        skip(PERIOD - 1);
        (uint256 released, uint256 refunded) = _settle(id, alice);
        assertEq(released, 0);
        assertEq(refunded, 0);
        assertEq(coin.balanceOf(hostPayout), PRICE);
    }

    function test_settle_releasesEachPrepaidPeriodAtItsStart() public {
        _pay(alice, id, 3);
        skip(PERIOD);
        vm.expectEmit(address(circles));
        emit ICircleAccess.CirclePeriodsReleased(id, alice, 1, PRICE, 0);
        (uint256 released,) = _settle(id, alice);
        assertEq(released, PRICE);
        skip(10 * PERIOD);
        (released,) = _settle(id, alice);
        assertEq(released, PRICE);
        assertEq(coin.balanceOf(hostPayout), 3 * PRICE);
        assertEq(coin.balanceOf(address(circles)), 0);
    }

    function test_settle_usesTheTreasuryRateOfTheSale() public {
        _setTreasuryRate(1_000); // 10% when alice buys
        _pay(alice, id, 2);
        _setTreasuryRate(0);
        skip(PERIOD);
        _settle(id, alice);
        assertEq(coin.balanceOf(address(timelock)), 2 ether, "10% of both periods");
        assertEq(coin.balanceOf(hostPayout), 18 ether);
    }

    function test_settle_oldestLotFirst() public {
        _pay(alice, id, 2); // one held at 10
        _setPrice(id, 30 ether);
        _pay(alice, id, 1); // one held at 30
        skip(PERIOD);
        (uint256 released,) = _settle(id, alice);
        assertEq(released, PRICE, "the period bought first starts first");
        skip(PERIOD);
        (released,) = _settle(id, alice);
        assertEq(released, 30 ether);
    }

    function test_settle_batchOfMembersWithDuplicatesAndStrangers() public {
        _pay(alice, id, 2);
        _pay(bob, id, 2);
        skip(PERIOD);
        address[] memory list = new address[](4);
        list[0] = alice;
        list[1] = bob;
        list[2] = alice;
        list[3] = makeAddr("stranger");
        (uint256 released,) = circles.settle(id, list);
        assertEq(released, 2 * PRICE);
        assertEq(coin.balanceOf(hostPayout), 4 * PRICE);
    }

    function test_RevertWhen_settle_circleNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(ICircleAccess.CircleNotFound.selector, 3));
        circles.settle(3, new address[](0));
    }

    function test_settle_afterCloseRefundsUnusedWholePeriods() public {
        _pay(alice, id, 4); // period 1 paid out, 2..4 held
        skip(PERIOD + 5 days); // inside period 2
        _close(id);
        uint256 before = coin.balanceOf(alice);
        vm.expectEmit(address(circles));
        emit ICircleAccess.CirclePeriodsReleased(id, alice, 1, PRICE, 0);
        vm.expectEmit(address(circles));
        emit ICircleAccess.CircleRefunded(id, alice, 2, 2 * PRICE);
        (uint256 released, uint256 refunded) = _settle(id, alice);
        assertEq(released, PRICE, "the running period is used, not refunded");
        assertEq(refunded, 2 * PRICE);
        assertEq(coin.balanceOf(alice), before + 2 * PRICE);
        assertEq(coin.balanceOf(hostPayout), 2 * PRICE);
        assertEq(coin.balanceOf(address(circles)), 0);
        assertEq(circles.expiryOf(id, alice), block.timestamp - 5 days + PERIOD, "cut to the end of period 2");
    }

    function test_settle_refundAsOfTheClosingTimeEvenWhenSettledLate() public {
        _pay(alice, id, 3);
        _close(id);
        skip(5 * PERIOD);
        (uint256 released, uint256 refunded) = _settle(id, alice);
        assertEq(released, 0);
        assertEq(refunded, 2 * PRICE);
        (released, refunded) = _settle(id, alice);
        assertEq(released + refunded, 0, "a second settle finds nothing");
    }

    function test_settle_refundsAtThePricePaid() public {
        _pay(alice, id, 2); // held 1 at 10
        _setPrice(id, 40 ether);
        _pay(alice, id, 2); // held 2 at 40
        _close(id);
        (, uint256 refunded) = _settle(id, alice);
        assertEq(refunded, PRICE + 80 ether);
    }

    function test_settle_oneOffIsNeverRefunded() public {
        uint256 oneOff = _register(50 ether, circles.ONE_OFF());
        _pay(alice, oneOff, 1);
        vm.prank(host);
        circles.close(oneOff);
        (uint256 released, uint256 refunded) = _settle(oneOff, alice);
        assertEq(released + refunded, 0);
        assertEq(coin.balanceOf(hostPayout), 50 ether);
    }

    function test_settle_closedAtAPeriodBoundaryRefundsFromThatPeriod() public {
        _pay(alice, id, 3);
        skip(PERIOD); // period 2 starts at this very second: it counts as started
        _close(id);
        (uint256 released, uint256 refunded) = _settle(id, alice);
        assertEq(released, PRICE);
        assertEq(refunded, PRICE);
    }
}
