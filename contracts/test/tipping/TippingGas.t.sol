// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ITipping} from "../../src/tipping/ITipping.sol";
import {Tipping} from "../../src/tipping/Tipping.sol";
import {Fixture} from "../utils/Fixture.sol";

/// Gas of a tip against a plain ChatCoin transfer, in the same state: alice and bob hold coins and have delegated
/// to themselves, the clock moved on since (so both delegates get a new vote checkpoint, as in a real later
/// transaction). Run with `--isolate`: each call is its own transaction, cold storage and 21,000 base included.
/// The goal is tip <= 1.10 x transfer.
contract TippingGasTest is Fixture {
    bytes32 private constant REF = keccak256("chat:42/message:7");

    /// A Tipping that ChatCoin did not create: the straightforward design, spending an allowance.
    Tipping internal plain;

    function setUp() public override {
        super.setUp();
        vm.prank(alice);
        coin.delegate(alice);
        vm.prank(bob);
        coin.delegate(bob);
        plain = new Tipping(coin, address(forwarder));
        vm.warp(block.timestamp + 1 hours);
    }

    function test_transfer_gas() public {
        vm.prank(alice);
        coin.transfer(bob, 1 ether);
        vm.snapshotGasLastCall("transfer");
    }

    function test_tip_gas() public {
        vm.prank(alice);
        tipping.tip(bob, 1 ether, REF);
        vm.snapshotGasLastCall("tip");
    }

    function test_transfer_relayed_gas() public {
        bytes memory data = abi.encodeCall(IERC20.transfer, (bob, 1 ether));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(alicePk, address(coin), data));
        vm.snapshotGasLastCall("transfer_relayed");
    }

    function test_tip_relayed_gas() public {
        bytes memory data = abi.encodeCall(ITipping.tip, (bob, 1 ether, REF));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(alicePk, address(tipping), data));
        vm.snapshotGasLastCall("tip_relayed");
    }

    /// The straightforward design with an exact allowance (approved earlier, spent and rewritten here).
    function test_tip_viaAllowance_gas() public {
        vm.prank(alice);
        coin.approve(address(plain), 100 ether);
        vm.prank(alice);
        plain.tip(bob, 1 ether, REF);
        vm.snapshotGasLastCall("tip_viaAllowance");
    }

    /// The straightforward design with an unlimited approval (read, never written).
    function test_tip_viaMaxAllowance_gas() public {
        vm.prank(alice);
        coin.approve(address(plain), type(uint256).max);
        vm.prank(alice);
        plain.tip(bob, 1 ether, REF);
        vm.snapshotGasLastCall("tip_viaMaxAllowance");
    }
}
