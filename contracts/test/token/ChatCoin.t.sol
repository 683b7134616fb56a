// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ChatCoin} from "../../src/token/ChatCoin.sol";
import {Fixture} from "../utils/Fixture.sol";

/// ChatCoin's deployment, minting, cap, clock, permits and delegation by signature.
contract ChatCoinTest is Fixture {
    bytes32 private constant DELEGATION_TYPEHASH =
        keccak256("Delegation(address delegatee,uint256 nonce,uint256 expiry)");

    address private contributor = makeAddr("contributor");

    function _distribution(uint256 n) private view returns (address[] memory recipients, uint256[] memory amounts) {
        recipients = new address[](n);
        amounts = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            recipients[i] = address(uint160(0x1000 + i));
            amounts[i] = INITIAL_BALANCE;
        }
    }

    function _signDelegation(uint256 pk, address delegatee, uint256 nonce, uint256 expiry)
        private
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(abi.encode(DELEGATION_TYPEHASH, delegatee, nonce, expiry));
        return vm.sign(pk, keccak256(abi.encodePacked("\x19\x01", coin.DOMAIN_SEPARATOR(), structHash)));
    }

    // ---------------------------------------------------------------- constructor

    function test_constructor_setsTokenAndDistribution() public view {
        assertEq(coin.name(), "ChatCoin");
        assertEq(coin.symbol(), "CHAT");
        assertEq(coin.decimals(), 18);
        assertEq(coin.cap(), CAP);
        assertEq(coin.owner(), address(timelock));
        assertTrue(coin.isTrustedForwarder(address(forwarder)));
        assertEq(coin.totalSupply(), 3 * INITIAL_BALANCE);
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE);
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE);
        assertEq(coin.balanceOf(carol), INITIAL_BALANCE);
    }

    function test_constructor_acceptsAnEmptyDistribution() public {
        ChatCoin empty = new ChatCoin(CAP, address(timelock), address(forwarder), new address[](0), new uint256[](0), address(0));
        assertEq(empty.totalSupply(), 0);
    }

    function test_constructor_revertsWhen_distributionListsDiffer() public {
        (address[] memory recipients,) = _distribution(2);
        (, uint256[] memory amounts) = _distribution(3);
        vm.expectRevert(abi.encodeWithSelector(ChatCoin.ChatCoinDistributionMismatch.selector, 2, 3));
        new ChatCoin(CAP, address(timelock), address(forwarder), recipients, amounts, address(0));
    }

    function test_constructor_revertsWhen_distributionExceedsCap() public {
        (address[] memory recipients, uint256[] memory amounts) = _distribution(3);
        uint256 cap = 3 * INITIAL_BALANCE - 1;
        vm.expectRevert(abi.encodeWithSelector(ERC20Capped.ERC20ExceededCap.selector, 3 * INITIAL_BALANCE, cap));
        new ChatCoin(cap, address(timelock), address(forwarder), recipients, amounts, address(0));
    }

    function test_constructor_revertsWhen_capIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(ERC20Capped.ERC20InvalidCap.selector, 0));
        new ChatCoin(0, address(timelock), address(forwarder), new address[](0), new uint256[](0), address(0));
    }

    function test_constructor_revertsWhen_recipientIsZero() public {
        (address[] memory recipients, uint256[] memory amounts) = _distribution(2);
        recipients[1] = address(0);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        new ChatCoin(CAP, address(timelock), address(forwarder), recipients, amounts, address(0));
    }

    function test_constructor_revertsWhen_timelockIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new ChatCoin(CAP, address(0), address(forwarder), new address[](0), new uint256[](0), address(0));
    }

    // ---------------------------------------------------------------- mint and cap

    function test_mint_byTheTimelock() public {
        vm.expectEmit(address(coin));
        emit IERC20.Transfer(address(0), contributor, 5 ether);
        vm.prank(address(timelock));
        coin.mint(contributor, 5 ether);
        assertEq(coin.balanceOf(contributor), 5 ether);
        assertEq(coin.totalSupply(), 3 * INITIAL_BALANCE + 5 ether);
    }

    function test_mint_upToTheCapExactly() public {
        uint256 headroom = CAP - coin.totalSupply();
        vm.prank(address(timelock));
        coin.mint(contributor, headroom);
        assertEq(coin.totalSupply(), CAP);
    }

    function test_mint_revertsWhen_callerIsNotTheTimelock() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        coin.mint(alice, 1);
    }

    function test_mint_revertsWhen_callerIsTheGovernor() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(governor)));
        vm.prank(address(governor));
        coin.mint(alice, 1);
    }

    function test_mint_revertsWhen_relayedForAHolder() public {
        // A call from the forwarder acts for the signer appended to the calldata (alice), never for the timelock.
        vm.prank(address(forwarder));
        (bool ok, bytes memory revertData) =
            address(coin).call(abi.encodePacked(abi.encodeCall(ChatCoin.mint, (alice, 1)), alice));
        assertFalse(ok);
        assertEq(revertData, abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
    }

    function test_mint_revertsWhen_beyondTheCap() public {
        uint256 headroom = CAP - coin.totalSupply();
        vm.expectRevert(abi.encodeWithSelector(ERC20Capped.ERC20ExceededCap.selector, CAP + 1, CAP));
        vm.prank(address(timelock));
        coin.mint(contributor, headroom + 1);
    }

    function test_mint_revertsWhen_toIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(address(timelock));
        coin.mint(address(0), 1);
    }

    function testFuzz_mint_neverExceedsTheCap(uint256 first, uint256 second) public {
        uint256 supply = coin.totalSupply();
        first = bound(first, 0, CAP - supply);
        second = bound(second, 0, 2 * CAP);
        vm.startPrank(address(timelock));
        coin.mint(contributor, first);
        supply += first;
        if (supply + second > CAP) {
            vm.expectRevert(abi.encodeWithSelector(ERC20Capped.ERC20ExceededCap.selector, supply + second, CAP));
            coin.mint(contributor, second);
        } else {
            coin.mint(contributor, second);
            supply += second;
        }
        vm.stopPrank();
        assertEq(coin.totalSupply(), supply);
        assertLe(coin.totalSupply(), coin.cap());
        assertEq(coin.balanceOf(contributor), supply - 3 * INITIAL_BALANCE);
    }

    function test_mint_checkpointsTheTotalSupply() public {
        uint256 before = block.timestamp;
        vm.warp(before + 10);
        vm.prank(address(timelock));
        coin.mint(contributor, 7 ether);
        vm.warp(before + 11);
        assertEq(coin.getPastTotalSupply(before), 3 * INITIAL_BALANCE);
        assertEq(coin.getPastTotalSupply(before + 10), 3 * INITIAL_BALANCE + 7 ether);
    }

    // ---------------------------------------------------------------- clock

    function test_clock_isTheBlockTimestamp() public {
        assertEq(coin.clock(), block.timestamp);
        vm.warp(block.timestamp + 12345);
        assertEq(coin.clock(), block.timestamp);
    }

    function test_CLOCK_MODE_isTimestamp() public view {
        assertEq(coin.CLOCK_MODE(), "mode=timestamp");
    }

    function test_getPastVotes_revertsWhen_timepointIsNotPast() public {
        uint48 now_ = uint48(block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(Votes.ERC5805FutureLookup.selector, uint256(now_), now_));
        coin.getPastVotes(alice, now_);
    }

    function test_votes_areCheckpointedByTimestamp() public {
        uint256 t0 = block.timestamp;
        vm.prank(alice);
        coin.delegate(alice);
        vm.warp(t0 + 100);
        vm.prank(alice);
        coin.transfer(bob, 400_000 ether);
        vm.warp(t0 + 101);
        assertEq(coin.getPastVotes(alice, t0), INITIAL_BALANCE);
        assertEq(coin.getPastVotes(alice, t0 + 99), INITIAL_BALANCE);
        assertEq(coin.getPastVotes(alice, t0 + 100), 600_000 ether);
        assertEq(coin.getVotes(bob), 0); // bob has not delegated
    }

    // ---------------------------------------------------------------- permit and nonces

    function test_permit_setsTheAllowance() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(alicePk, bob, 42 ether, deadline);
        vm.prank(relayer);
        coin.permit(alice, bob, 42 ether, deadline, v, r, s);
        assertEq(coin.allowance(alice, bob), 42 ether);
        assertEq(coin.nonces(alice), 1);
        vm.prank(bob);
        coin.transferFrom(alice, carol, 42 ether);
        assertEq(coin.balanceOf(carol), INITIAL_BALANCE + 42 ether);
    }

    function test_permit_revertsWhen_expired() public {
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(alicePk, bob, 1, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        coin.permit(alice, bob, 1, deadline, v, r, s);
    }

    function test_permit_revertsWhen_signedBySomeoneElse() public {
        uint256 deadline = block.timestamp + 1 hours;
        // bob signs a permit of alice's coins (same nonce 0): the recovered signer is bob.
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                alice,
                bob,
                1,
                0,
                deadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(bobPk, keccak256(abi.encodePacked("\x19\x01", coin.DOMAIN_SEPARATOR(), structHash)));
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, bob, alice));
        coin.permit(alice, bob, 1, deadline, v, r, s);
    }

    function test_permit_revertsWhen_replayed() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(alicePk, bob, 1, deadline);
        coin.permit(alice, bob, 1, deadline, v, r, s);
        // The nonce moved on: the same signature now recovers to an unrelated address.
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                alice,
                bob,
                1,
                1,
                deadline
            )
        );
        address recovered =
            ecrecover(keccak256(abi.encodePacked("\x19\x01", coin.DOMAIN_SEPARATOR(), structHash)), v, r, s);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, alice));
        coin.permit(alice, bob, 1, deadline, v, r, s);
    }

    function test_nonces_areSharedByPermitAndDelegateBySig() public {
        assertEq(coin.nonces(alice), 0);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(alicePk, bob, 1, deadline);
        coin.permit(alice, bob, 1, deadline, v, r, s);
        assertEq(coin.nonces(alice), 1);
        (v, r, s) = _signDelegation(alicePk, alice, 1, deadline);
        coin.delegateBySig(alice, 1, deadline, v, r, s);
        assertEq(coin.nonces(alice), 2);
        assertEq(coin.nonces(bob), 0);
    }

    // ---------------------------------------------------------------- delegateBySig

    function test_delegateBySig_delegatesForTheSigner() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(alicePk, bob, 0, expiry);
        vm.expectEmit(address(coin));
        emit IVotes.DelegateChanged(alice, address(0), bob);
        vm.prank(relayer);
        coin.delegateBySig(bob, 0, expiry, v, r, s);
        assertEq(coin.delegates(alice), bob);
        assertEq(coin.getVotes(bob), INITIAL_BALANCE);
    }

    function test_delegateBySig_revertsWhen_expired() public {
        uint256 expiry = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(alicePk, alice, 0, expiry);
        vm.expectRevert(abi.encodeWithSelector(IVotes.VotesExpiredSignature.selector, expiry));
        coin.delegateBySig(alice, 0, expiry, v, r, s);
    }

    function test_delegateBySig_revertsWhen_nonceReused() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(alicePk, alice, 0, expiry);
        coin.delegateBySig(alice, 0, expiry, v, r, s);
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, alice, 1));
        coin.delegateBySig(alice, 0, expiry, v, r, s);
    }

    // ---------------------------------------------------------------- allowance (see ChatCoinAllowance.t.sol)

    function test_allowance_ofOthersIsWhatWasApproved() public {
        assertEq(coin.allowance(alice, bob), 0);
        vm.prank(alice);
        coin.approve(bob, 3 ether);
        assertEq(coin.allowance(alice, bob), 3 ether);
    }

    function test_transferFrom_revertsWhen_spenderHasNoAllowance() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, bob, 0, 1));
        vm.prank(bob);
        coin.transferFrom(alice, bob, 1);
    }

    // ---------------------------------------------------------------- relayed transfer

    function test_transfer_relayedThroughTheForwarderActsForTheSigner() public {
        bytes memory data = abi.encodeCall(IERC20.transfer, (bob, 10 ether));
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(alicePk, address(coin), data));
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE - 10 ether);
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + 10 ether);
        assertEq(coin.balanceOf(relayer), 0);
    }
}
