// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {ITipping} from "../../src/tipping/ITipping.sol";
import {Tipping} from "../../src/tipping/Tipping.sol";
import {Fixture} from "../utils/Fixture.sol";

/// Tips through ChatCoin's own Tipping: direct, relayed, with a permit, and every revert.
contract TippingTest is Fixture {
    bytes32 private constant REF = keccak256("chat:42/message:7");

    function test_coin_isChatCoin() public view {
        assertEq(address(tipping.coin()), address(coin));
    }

    function test_tip_movesTheCoinsToTheAuthorAndEmits() public {
        vm.expectEmit(address(tipping));
        emit ITipping.MessageTipped(REF, alice, bob, 3 ether);
        vm.expectEmit(address(coin));
        emit IERC20.Transfer(alice, bob, 3 ether);
        vm.prank(alice);
        tipping.tip(bob, 3 ether, REF);
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE - 3 ether);
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + 3 ether);
        assertEq(coin.balanceOf(address(tipping)), 0);
    }

    function test_tip_needsNoApproval() public {
        vm.prank(alice);
        coin.approve(address(tipping), 0); // even an explicit zero approval does not matter
        vm.prank(alice);
        tipping.tip(bob, 1 ether, REF);
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + 1 ether);
    }

    function test_tip_ofTheWholeBalance() public {
        vm.prank(alice);
        tipping.tip(bob, INITIAL_BALANCE, REF);
        assertEq(coin.balanceOf(alice), 0);
    }

    function test_tip_revertsWhen_amountIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(ITipping.TippingZeroAmount.selector));
        vm.prank(alice);
        tipping.tip(bob, 0, REF);
    }

    function test_tip_revertsWhen_authorIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(ITipping.TippingZeroAuthor.selector));
        vm.prank(alice);
        tipping.tip(address(0), 1, REF);
    }

    function test_tip_revertsWhen_authorIsTheTipper() public {
        vm.expectRevert(abi.encodeWithSelector(ITipping.TippingSelfTip.selector, alice));
        vm.prank(alice);
        tipping.tip(alice, 1, REF);
    }

    function test_tip_revertsWhen_balanceIsShort() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, alice, INITIAL_BALANCE, INITIAL_BALANCE + 1
            )
        );
        vm.prank(alice);
        tipping.tip(bob, INITIAL_BALANCE + 1, REF);
    }

    function testFuzz_tip_movesExactlyTheAmount(uint256 amount, bytes32 messageRef) public {
        amount = bound(amount, 1, INITIAL_BALANCE);
        vm.expectEmit(address(tipping));
        emit ITipping.MessageTipped(messageRef, alice, bob, amount);
        vm.prank(alice);
        tipping.tip(bob, amount, messageRef);
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE - amount);
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + amount);
        assertEq(coin.totalSupply(), 3 * INITIAL_BALANCE);
    }

    // ---------------------------------------------------------------- Tipping cannot move anyone else's coins

    /// Whoever calls, whoever is named as author: only the caller's balance goes down.
    function testFuzz_tip_onlyMovesTheCallersCoins(address caller, address author, uint256 amount) public {
        caller = address(uint160(bound(uint160(caller), 1, type(uint160).max)));
        if (caller == address(forwarder)) caller = carol; // a forwarder's call is tested with signed requests
        author = address(uint160(bound(uint160(author), 1, type(uint160).max - 1)));
        if (author == caller) author = address(uint160(author) + 1); // a different, non-zero author
        amount = bound(amount, 1, 2 * INITIAL_BALANCE);
        uint256 callerBalance = coin.balanceOf(caller);
        address[3] memory holders = [alice, bob, carol];
        uint256[3] memory before;
        for (uint256 i = 0; i < 3; ++i) {
            before[i] = coin.balanceOf(holders[i]);
        }

        vm.prank(caller);
        try tipping.tip(author, amount, REF) {
            assertLe(amount, callerBalance);
            assertEq(coin.balanceOf(caller), callerBalance - amount);
        } catch (bytes memory revertData) {
            assertGt(amount, callerBalance);
            assertEq(
                revertData,
                abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, caller, callerBalance, amount)
            );
        }
        for (uint256 i = 0; i < 3; ++i) {
            if (holders[i] != caller && holders[i] != author) assertEq(coin.balanceOf(holders[i]), before[i]);
        }
    }

    function test_tip_aCallerWithoutCoinsCannotSpendAHoldersCoins() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, relayer, 0, 1 ether));
        vm.prank(relayer);
        tipping.tip(bob, 1 ether, REF);
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE);
    }

    function test_tip_anAppendedSenderIsIgnoredUnlessFromTheForwarder() public {
        // ERC-2771 calldata carrying alice's address, sent by someone who is not the trusted forwarder.
        vm.prank(relayer);
        (bool ok, bytes memory revertData) =
            address(tipping).call(abi.encodePacked(abi.encodeCall(ITipping.tip, (bob, 1 ether, REF)), alice));
        assertFalse(ok);
        assertEq(
            revertData, abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, relayer, 0, 1 ether)
        );
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE);
    }

    function test_tip_relayed_revertsWhen_signedBySomeoneElse() public {
        ERC2771Forwarder.ForwardRequestData memory request =
            _signForwardRequest(bobPk, address(tipping), abi.encodeCall(ITipping.tip, (carol, 1 ether, REF)));
        request.from = alice; // bob's signature, claiming to be alice
        vm.expectRevert(
            abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, _recover(request), alice)
        );
        vm.prank(relayer);
        forwarder.execute(request);
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE);
    }

    /// The address the forwarder recovers from `request` as it stands now (tampered with, or nonce used).
    function _recover(ERC2771Forwarder.ForwardRequestData memory request) private view returns (address) {
        (bytes32 r, bytes32 s) = abi.decode(request.signature, (bytes32, bytes32)); // reads the first 64 bytes
        return ecrecover(_forwardRequestDigest(request), uint8(request.signature[64]), r, s);
    }

    // ---------------------------------------------------------------- relayed tip

    function test_tip_relayedThroughTheForwarderPaysForTheSigner() public {
        ERC2771Forwarder.ForwardRequestData memory request =
            _signForwardRequest(alicePk, address(tipping), abi.encodeCall(ITipping.tip, (bob, 5 ether, REF)));
        vm.expectEmit(address(tipping));
        emit ITipping.MessageTipped(REF, alice, bob, 5 ether);
        vm.prank(relayer);
        forwarder.execute(request);
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE - 5 ether);
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + 5 ether);
        assertEq(forwarder.nonces(alice), 1);
    }

    function test_tip_relayed_cannotBeReplayed() public {
        ERC2771Forwarder.ForwardRequestData memory request =
            _signForwardRequest(alicePk, address(tipping), abi.encodeCall(ITipping.tip, (bob, 5 ether, REF)));
        vm.prank(relayer);
        forwarder.execute(request);
        address recovered = _recover(request); // the nonce moved on: another signer is recovered
        vm.expectRevert(
            abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, recovered, alice)
        );
        vm.prank(relayer);
        forwarder.execute(request);
    }

    // ---------------------------------------------------------------- tipWithPermit

    function test_tipWithPermit_onTheCoinsTippingSkipsThePermit() public {
        // No allowance is needed, so the (here invalid) permit is not even tried and no nonce is used.
        vm.prank(alice);
        tipping.tipWithPermit(bob, 2 ether, REF, block.timestamp + 1 hours, 27, bytes32(0), bytes32(0));
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + 2 ether);
        assertEq(coin.nonces(alice), 0);
    }

    function test_tipWithPermit_revertsWhen_amountIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(ITipping.TippingZeroAmount.selector));
        vm.prank(alice);
        tipping.tipWithPermit(bob, 0, REF, block.timestamp, 27, bytes32(0), bytes32(0));
    }

    function test_tipWithPermit_revertsWhen_authorIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(ITipping.TippingZeroAuthor.selector));
        vm.prank(alice);
        tipping.tipWithPermit(address(0), 1, REF, block.timestamp, 27, bytes32(0), bytes32(0));
    }

    function test_tipWithPermit_revertsWhen_authorIsTheTipper() public {
        vm.expectRevert(abi.encodeWithSelector(ITipping.TippingSelfTip.selector, alice));
        vm.prank(alice);
        tipping.tipWithPermit(alice, 1, REF, block.timestamp, 27, bytes32(0), bytes32(0));
    }

    function test_tipWithPermit_revertsWhen_balanceIsShort() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, alice, INITIAL_BALANCE, INITIAL_BALANCE + 1
            )
        );
        vm.prank(alice);
        tipping.tipWithPermit(bob, INITIAL_BALANCE + 1, REF, block.timestamp, 27, bytes32(0), bytes32(0));
    }
}

/// A Tipping that ChatCoin did not create: an ordinary spender that needs an allowance or a permit.
contract TippingWithAllowanceTest is Fixture {
    bytes32 private constant REF = keccak256("chat:42/message:8");

    Tipping internal plain;

    function setUp() public override {
        super.setUp();
        plain = new Tipping(coin, address(forwarder));
    }

    function test_tip_spendsTheAllowance() public {
        vm.prank(alice);
        coin.approve(address(plain), 5 ether);
        vm.prank(alice);
        plain.tip(bob, 2 ether, REF);
        assertEq(coin.allowance(alice, address(plain)), 3 ether);
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + 2 ether);
    }

    function test_tip_revertsWhen_allowanceIsShort() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(plain), 0, 1 ether)
        );
        vm.prank(alice);
        plain.tip(bob, 1 ether, REF);
    }

    function test_tipWithPermit_usesThePermit() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(alicePk, address(plain), 4 ether, deadline);
        vm.expectEmit(address(plain));
        emit ITipping.MessageTipped(REF, alice, bob, 4 ether);
        vm.prank(alice);
        plain.tipWithPermit(bob, 4 ether, REF, deadline, v, r, s);
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + 4 ether);
        assertEq(coin.allowance(alice, address(plain)), 0);
        assertEq(coin.nonces(alice), 1);
    }

    function test_tipWithPermit_toleratesAFrontRunPermit() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(alicePk, address(plain), 4 ether, deadline);
        vm.prank(relayer);
        coin.permit(alice, address(plain), 4 ether, deadline, v, r, s); // someone submits the permit first
        vm.prank(alice);
        plain.tipWithPermit(bob, 4 ether, REF, deadline, v, r, s);
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + 4 ether);
    }

    function test_tipWithPermit_revertsWhen_permitIsInvalidAndAllowanceShort() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(bobPk, address(plain), 4 ether, deadline); // not alice's
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(plain), 0, 4 ether)
        );
        vm.prank(alice);
        plain.tipWithPermit(bob, 4 ether, REF, deadline, v, r, s);
    }

    function test_tipWithPermit_revertsWhen_permitExpiredAndAllowanceShort() public {
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signCoinPermit(alicePk, address(plain), 4 ether, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(plain), 0, 4 ether)
        );
        vm.prank(alice);
        plain.tipWithPermit(bob, 4 ether, REF, deadline, v, r, s);
    }
}
