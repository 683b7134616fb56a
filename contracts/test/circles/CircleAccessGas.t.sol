// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ICircleAccess} from "../../src/circles/ICircleAccess.sol";
import {CircleAccessTestBase} from "./CircleAccessTestBase.sol";

/// Gas of paying for a circle next to a plain ChatCoin transfer, in the same state (run with `--isolate`: each call
/// its own transaction, 21,000 base included). Like the Tipping gas test: the payer, the receiver of the transfer and
/// the circle's payout delegated to themselves an hour ago, so each transfer writes fresh vote checkpoints; the
/// members approved the circle contract once (unlimited); carol prepaid periods earlier, so the contract already
/// holds coins, as it does once a circle has members. The issue's aim: pay and renew <= 1.5 x transfer.
contract CircleAccessGasTest is CircleAccessTestBase {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = _register();
        _pay(carol, id, 3);
        _pay(bob, id, 1);
        vm.prank(alice);
        coin.delegate(alice);
        vm.prank(bob);
        coin.delegate(bob);
        vm.prank(hostPayout);
        coin.delegate(hostPayout);
        vm.warp(block.timestamp + 1 hours);
    }

    function test_transfer_gas() public {
        vm.prank(alice);
        coin.transfer(bob, PRICE);
        vm.snapshotGasLastCall("transfer");
    }

    /// A new member pays one period: straight to the payout.
    function test_pay_gas() public {
        vm.prank(alice);
        circles.pay(id, 1, PRICE);
        vm.snapshotGasLastCall("pay");
    }

    /// A member renews one period before expiry: the period is held until it starts.
    function test_renew_gas() public {
        vm.prank(bob);
        circles.pay(id, 1, PRICE);
        vm.snapshotGasLastCall("renew");
    }

    /// A new member pays three periods: one to the payout, two held.
    function test_pay_threePeriods_gas() public {
        vm.prank(alice);
        circles.pay(id, 3, PRICE);
        vm.snapshotGasLastCall("pay_threePeriods");
    }

    /// A member without ETH or allowance pays through the forwarder with a permit: one relayed transaction.
    function test_payWithPermit_relayed_gas() public {
        (address dave, uint256 davePk) = makeAddrAndKey("dave");
        vm.prank(alice);
        coin.transfer(dave, 100 ether);
        vm.prank(dave);
        coin.delegate(dave);
        skip(1 hours);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(davePk, address(circles), PRICE, deadline);
        bytes memory data = abi.encodeCall(ICircleAccess.payWithPermit, (id, uint64(1), PRICE, deadline, v, r, s));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(davePk, address(circles), data));
        vm.snapshotGasLastCall("payWithPermit_relayed");
    }

    /// After closing, one member's refund of two unused periods.
    function test_settle_refundOneMember_gas() public {
        _close(id);
        address[] memory list = new address[](1);
        list[0] = carol;
        circles.settle(id, list);
        vm.snapshotGasLastCall("settle_refundOneMember");
    }
}
