// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {ChatCoin} from "../../src/token/ChatCoin.sol";
import {Fixture} from "../utils/Fixture.sol";

/// A plain OpenZeppelin 5 ERC-20, compiled with the project's settings: the yardstick of a transfer.
contract PlainToken is ERC20 {
    constructor(address[] memory holders, uint256 amount) ERC20("Plain", "PLN") {
        for (uint256 i = 0; i < holders.length; ++i) {
            _mint(holders[i], amount);
        }
    }
}

/// Gas of ChatCoin transfers and tips next to a plain OpenZeppelin ERC-20 transfer, in the same state: alice and
/// bob hold both tokens and the clock moved on since. "Members" have not activated voting (nobody delegated: the
/// service's default); "voters" delegated to themselves earlier, so every move writes a vote checkpoint and a
/// vote-seconds checkpoint on each side. Run with `--isolate`: each call is its own transaction, cold storage and
/// 21,000 base included. Goals: members' transfer <= 1.15 x the plain transfer; tip <= 1.10 x the transfer.
contract ChatCoinGasTest is Fixture {
    bytes32 private constant REF = keccak256("chat:42/message:7");

    PlainToken internal plain;

    function setUp() public override {
        super.setUp();
        address[] memory holders = new address[](2);
        holders[0] = alice;
        holders[1] = bob;
        plain = new PlainToken(holders, INITIAL_BALANCE);
        vm.warp(block.timestamp + 1 hours);
    }

    function _activateVoting() private {
        vm.prank(alice);
        coin.delegate(alice);
        vm.prank(bob);
        coin.delegate(bob);
        vm.warp(block.timestamp + 1 hours);
    }

    function test_transfer_plainOpenZeppelin_gas() public {
        vm.prank(alice);
        plain.transfer(bob, 1 ether);
        vm.snapshotGasLastCall("transfer_plainOpenZeppelin");
    }

    function test_transfer_members_gas() public {
        vm.prank(alice);
        coin.transfer(bob, 1 ether);
        vm.snapshotGasLastCall("transfer_members");
    }

    function test_tip_members_gas() public {
        vm.prank(alice);
        coin.tip(bob, 1 ether, REF);
        vm.snapshotGasLastCall("tip_members");
    }

    function test_transfer_members_relayed_gas() public {
        bytes memory data = abi.encodeCall(IERC20.transfer, (bob, 1 ether));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(alicePk, address(coin), data));
        vm.snapshotGasLastCall("transfer_members_relayed");
    }

    /// A member's later relayed transfer: the forwarder's nonce slot for alice is already non-zero (5,000 gas to write
    /// instead of 22,100 for the first request ever), the steady state of a member who sends again.
    function test_transfer_members_relayedAgain_gas() public {
        bytes memory data = abi.encodeCall(IERC20.transfer, (bob, 1 ether));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(alicePk, address(coin), data));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(alicePk, address(coin), data));
        vm.snapshotGasLastCall("transfer_members_relayedAgain");
    }

    function test_tip_members_relayed_gas() public {
        bytes memory data = abi.encodeCall(ChatCoin.tip, (bob, 1 ether, REF));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(alicePk, address(coin), data));
        vm.snapshotGasLastCall("tip_members_relayed");
    }

    /// What a member pays once when opening governance: delegate to oneself, relayed.
    function test_activateVoting_relayed_gas() public {
        bytes memory data = abi.encodeCall(IVotes.delegate, (alice));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(alicePk, address(coin), data));
        vm.snapshotGasLastCall("activateVoting_relayed");
    }

    function test_transfer_voters_gas() public {
        _activateVoting();
        vm.prank(alice);
        coin.transfer(bob, 1 ether);
        vm.snapshotGasLastCall("transfer_voters");
    }

    function test_tip_voters_gas() public {
        _activateVoting();
        vm.prank(alice);
        coin.tip(bob, 1 ether, REF);
        vm.snapshotGasLastCall("tip_voters");
    }
}
