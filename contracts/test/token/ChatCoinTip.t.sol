// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ChatCoin} from "../../src/token/ChatCoin.sol";
import {Fixture} from "../utils/Fixture.sol";

/// `ChatCoin.tip`: a transfer by the tipper with a memo event naming the tipped message.
contract ChatCoinTipTest is Fixture {
    bytes32 private constant REF = keccak256("chat:42/message:7");

    function test_tip_paysTheAuthorAndNamesTheMessageBeforeTheTransfer() public {
        vm.expectEmit(address(coin));
        emit ChatCoin.MessageTipped(REF, alice, bob, 2 ether);
        vm.expectEmit(address(coin));
        emit IERC20.Transfer(alice, bob, 2 ether);
        vm.prank(alice);
        coin.tip(bob, 2 ether, REF);
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE - 2 ether);
        assertEq(coin.balanceOf(bob), INITIAL_BALANCE + 2 ether);
    }

    function test_tip_relayedActsForTheSigner() public {
        bytes memory data = abi.encodeCall(ChatCoin.tip, (bob, 1 ether, REF));
        vm.expectEmit(address(coin));
        emit ChatCoin.MessageTipped(REF, alice, bob, 1 ether);
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(alicePk, address(coin), data));
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE - 1 ether);
        assertEq(coin.balanceOf(relayer), 0);
    }

    function test_tip_RevertWhen_zeroAmount() public {
        vm.expectRevert(abi.encodeWithSelector(ChatCoin.ChatCoinZeroTip.selector, alice));
        vm.prank(alice);
        coin.tip(bob, 0, REF);
    }

    function test_tip_RevertWhen_tippingOneself() public {
        vm.expectRevert(abi.encodeWithSelector(ChatCoin.ChatCoinSelfTip.selector, alice));
        vm.prank(alice);
        coin.tip(alice, 1 ether, REF);
    }

    function test_tip_RevertWhen_authorIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        vm.prank(alice);
        coin.tip(address(0), 1 ether, REF);
    }

    function testFuzz_tip_RevertWhen_moreThanTheBalance(uint256 excess) public {
        uint256 amount = INITIAL_BALANCE + bound(excess, 1, 1e30);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, INITIAL_BALANCE, amount)
        );
        vm.prank(alice);
        coin.tip(bob, amount, REF);
    }

    function testFuzz_tip_movesExactlyTheAmount(uint256 amount) public {
        amount = bound(amount, 1, INITIAL_BALANCE);
        uint256 supply = coin.totalSupply();
        vm.prank(alice);
        coin.tip(carol, amount, REF);
        assertEq(coin.balanceOf(alice) + coin.balanceOf(carol), 2 * INITIAL_BALANCE);
        assertEq(coin.totalSupply(), supply);
    }

    function test_constructor_RevertWhen_capAboveMaxCap() public {
        address[] memory none = new address[](0);
        uint256 cap = coin.MAX_CAP() + 1;
        vm.expectRevert(abi.encodeWithSelector(ChatCoin.ChatCoinCapTooLarge.selector, cap, cap - 1));
        new ChatCoin(cap, address(timelock), address(forwarder), none, new uint256[](0), address(0));
    }
}
