// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CircleAccessTestBase} from "./CircleAccessTestBase.sol";
import {CircleAccessHandler} from "./handlers/CircleAccessHandler.sol";

/// Invariants of CircleAccess after random sequences of registrations, payments, stale payments, price and payout
/// changes, closings, settlements, treasury rate changes and time.
contract CircleAccessInvariantTest is CircleAccessTestBase {
    CircleAccessHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory owners = new address[](2);
        owners[0] = host;
        owners[1] = makeAddr("host2");
        address[] memory members = new address[](4);
        members[0] = alice;
        members[1] = bob;
        members[2] = carol;
        members[3] = makeAddr("dave");
        vm.prank(alice);
        coin.transfer(members[3], 100_000 ether);
        vm.prank(members[3]);
        coin.approve(address(circles), type(uint256).max);
        address[] memory payouts = new address[](3);
        payouts[0] = hostPayout;
        payouts[1] = makeAddr("payout2");
        payouts[2] = makeAddr("payout3");
        handler = new CircleAccessHandler(circles, coin, address(timelock), owners, members, payouts);
        _register(PRICE, 7 days); // circles to start with: weekly, monthly, one-off
        _register(3 ether, PERIOD);
        vm.prank(owners[1]);
        circles.registerCircle(payouts[1], 25 ether, circles.ONE_OFF(), GROUP);

        // Selectors are drawn uniformly from this list: payments, settlements and time weigh more, and a closing
        // is rare enough that circles live for many calls (about 4 closings in a 64-call run).
        bytes4[] memory selectors = new bytes4[](14);
        selectors[0] = CircleAccessHandler.pay.selector;
        selectors[1] = CircleAccessHandler.pay.selector;
        selectors[2] = CircleAccessHandler.pay.selector;
        selectors[3] = CircleAccessHandler.settle.selector;
        selectors[4] = CircleAccessHandler.settle.selector;
        selectors[5] = CircleAccessHandler.warp.selector;
        selectors[6] = CircleAccessHandler.warp.selector;
        selectors[7] = CircleAccessHandler.setPrice.selector;
        selectors[8] = CircleAccessHandler.payStale.selector;
        selectors[9] = CircleAccessHandler.setPayout.selector;
        selectors[10] = CircleAccessHandler.registerCircle.selector;
        selectors[11] = CircleAccessHandler.setTreasuryRate.selector;
        selectors[12] = CircleAccessHandler.close.selector;
        selectors[13] = CircleAccessHandler.registerCircle.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// Everything members paid in is in the payouts, the treasury, the refunds, or held per the contract's books.
    function invariant_paidInEqualsPayoutsTreasuryRefundsHeld() external view {
        address[] memory payouts = handler.payouts();
        uint256 paidOut;
        for (uint256 i = 0; i < payouts.length; ++i) {
            paidOut += coin.balanceOf(payouts[i]);
        }
        assertEq(handler.paidIn(), paidOut + coin.balanceOf(address(timelock)) + handler.refunded() + _heldByBooks());
    }

    /// The contract holds exactly what its books say it holds for members (prepaid periods not yet started).
    function invariant_balanceEqualsSumOfHeld() external view {
        assertEq(coin.balanceOf(address(circles)), _heldByBooks());
    }

    /// A member's expiry never moves backwards, except in a closed circle (refunds cut it back).
    function invariant_expiryNeverMovesBackwardsExceptByClosing() external view {
        address[] memory members = handler.members();
        for (uint256 id = 1; id <= circles.circleCount(); ++id) {
            if (circles.circle(id).closedAt != 0) continue;
            for (uint256 i = 0; i < members.length; ++i) {
                assertGe(circles.expiryOf(id, members[i]), handler.highestExpiry(id, members[i]));
            }
        }
    }

    /// A price change never alters a period already paid for: what the contract holds for a member is the price
    /// paid for each of their held periods (the last ones they bought).
    function invariant_priceChangeNeverAltersAPaidPeriod() external view {
        address[] memory members = handler.members();
        for (uint256 id = 1; id <= circles.circleCount(); ++id) {
            for (uint256 i = 0; i < members.length; ++i) {
                (uint64 periods, uint256 value) = circles.heldOf(id, members[i]);
                assertEq(value, handler.lastBoughtValue(id, members[i], periods));
            }
        }
    }

    /// Every handler call succeeded, or failed only the way it had to (stale terms), so none reverted otherwise.
    function invariant_handlerNeverReverts() external view {
        assertEq(handler.reverts(), 0);
    }

    /// What the contract's books say it holds: the sum of `heldOf` over every circle and member.
    function _heldByBooks() internal view returns (uint256 sum) {
        address[] memory members = handler.members();
        for (uint256 id = 1; id <= circles.circleCount(); ++id) {
            for (uint256 i = 0; i < members.length; ++i) {
                sum += _held(id, members[i]);
            }
        }
    }
}
