// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Fixture} from "../utils/Fixture.sol";

/// The ERC-20 allowance properties of crytic/properties (ERC20AllowanceProperties) for every spender the token
/// knows: the forwarder, the envelopes, the circles, the governor, the timelock and the release registry. None of
/// them holds an allowance it was not given; approve sets it exactly, transferFrom spends it, approve(0) revokes
/// it, and an unlimited approval is never spent (EIP-20 convention, as OpenZeppelin's ERC20).
contract ChatCoinAllowanceTest is Fixture {
    function _spenders() private view returns (address[] memory spenders) {
        spenders = new address[](6);
        spenders[0] = address(forwarder);
        spenders[1] = address(envelopes);
        spenders[2] = address(circles);
        spenders[3] = address(governor);
        spenders[4] = address(timelock);
        spenders[5] = address(releases);
    }

    function _spender(uint256 seed) private view returns (address) {
        address[] memory spenders = _spenders();
        return spenders[seed % spenders.length];
    }

    /// The spenders that can call transferFrom in their own name: all but the forwarder, whose calls act for the
    /// signer of the request they carry (ERC-2771), never for the forwarder itself.
    function _callingSpender(uint256 seed) private view returns (address) {
        address[] memory spenders = _spenders();
        return spenders[1 + seed % (spenders.length - 1)];
    }

    /// Nobody was given anything, so no spender the token knows has an allowance from any holder.
    function testFuzz_allowance_noSpenderHasAnAllowanceItWasNotGiven(address owner) public view {
        address[] memory spenders = _spenders();
        for (uint256 i = 0; i < spenders.length; ++i) {
            assertEq(coin.allowance(owner, spenders[i]), 0);
        }
    }

    function testFuzz_approve_setsTheAllowanceExactly(uint256 spenderSeed, uint256 first, uint256 second) public {
        address spender = _spender(spenderSeed);
        vm.prank(alice);
        assertTrue(coin.approve(spender, first));
        assertEq(coin.allowance(alice, spender), first);
        vm.prank(alice);
        coin.approve(spender, second); // overwrites, never adds
        assertEq(coin.allowance(alice, spender), second);
        assertEq(coin.allowance(bob, spender), 0, "another holder's allowance is untouched");
    }

    function testFuzz_transferFrom_spendsTheAllowance(uint256 spenderSeed, uint256 approved, uint256 amount) public {
        address spender = _callingSpender(spenderSeed);
        approved = bound(approved, 1, INITIAL_BALANCE);
        amount = bound(amount, 1, approved);
        vm.prank(alice);
        coin.approve(spender, approved);
        vm.prank(spender);
        assertTrue(coin.transferFrom(alice, carol, amount));
        assertEq(coin.allowance(alice, spender), approved - amount);
        assertEq(coin.balanceOf(carol), INITIAL_BALANCE + amount);
    }

    function testFuzz_transferFrom_revertsBeyondTheAllowance(uint256 spenderSeed, uint256 approved, uint256 excess)
        public
    {
        address spender = _callingSpender(spenderSeed);
        approved = bound(approved, 0, INITIAL_BALANCE - 1);
        uint256 amount = approved + bound(excess, 1, INITIAL_BALANCE - approved);
        vm.prank(alice);
        coin.approve(spender, approved);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, spender, approved, amount)
        );
        vm.prank(spender);
        coin.transferFrom(alice, carol, amount);
    }

    function testFuzz_approve_zeroRevokes(uint256 spenderSeed, uint256 approved) public {
        address spender = _callingSpender(spenderSeed);
        approved = bound(approved, 1, type(uint256).max);
        vm.prank(alice);
        coin.approve(spender, approved);
        vm.prank(alice);
        coin.approve(spender, 0);
        assertEq(coin.allowance(alice, spender), 0);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, spender, 0, 1));
        vm.prank(spender);
        coin.transferFrom(alice, carol, 1);
    }

    function testFuzz_transferFrom_unlimitedAllowanceIsNotSpent(uint256 spenderSeed, uint256 amount) public {
        address spender = _callingSpender(spenderSeed);
        amount = bound(amount, 1, INITIAL_BALANCE);
        vm.prank(alice);
        coin.approve(spender, type(uint256).max);
        vm.prank(spender);
        coin.transferFrom(alice, carol, amount);
        assertEq(coin.allowance(alice, spender), type(uint256).max);
    }

    /// A permit (EIP-2612) sets the allowance like approve, and approve(0) revokes it.
    function testFuzz_permit_setsAndApproveRevokes(uint256 spenderSeed, uint256 value) public {
        address spender = _spender(spenderSeed);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(alicePk, spender, value, deadline);
        coin.permit(alice, spender, value, deadline, v, r, s);
        assertEq(coin.allowance(alice, spender), value);
        vm.prank(alice);
        coin.approve(spender, 0);
        assertEq(coin.allowance(alice, spender), 0);
    }

    /// The forwarder never spends in its own name: a transferFrom it relays spends the allowance of the request's
    /// signer, so an allowance given to the forwarder address lets nobody move anything.
    function test_transferFrom_relayedSpendsTheSignersAllowanceNotTheForwarders() public {
        vm.prank(alice);
        coin.approve(address(forwarder), 5 ether);
        vm.prank(alice);
        coin.approve(bob, 2 ether);
        bytes memory data = abi.encodeCall(coin.transferFrom, (alice, bob, 2 ether));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(bobPk, address(coin), data));
        assertEq(coin.allowance(alice, bob), 0, "bob's allowance spent");
        assertEq(coin.allowance(alice, address(forwarder)), 5 ether, "the forwarder's untouched");
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + 2 ether);
    }

    /// A tip moves the tipper's own coins: it needs no allowance and leaves every allowance as it was.
    function testFuzz_tip_touchesNoAllowance(uint256 spenderSeed, uint256 approved, uint256 amount) public {
        address spender = _spender(spenderSeed);
        amount = bound(amount, 1, INITIAL_BALANCE);
        vm.prank(alice);
        coin.approve(spender, approved);
        vm.prank(alice);
        coin.tip(bob, amount, keccak256("chat:1/message:1"));
        assertEq(coin.allowance(alice, spender), approved);
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + amount);
    }
}
