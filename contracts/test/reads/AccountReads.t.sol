// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AccountReads, IForwarderNonces} from "../../src/reads/AccountReads.sol";
import {Fixture} from "../utils/Fixture.sol";

/// What the service reads through AccountReads' creation code in `eth_call`: here the "deployed code" is that answer.
contract AccountReadsTest is Fixture {
    function _read(address[] memory accounts, address recipient) internal returns (bytes memory) {
        return address(new AccountReads(IERC20(address(coin)), IForwarderNonces(address(forwarder)), accounts, recipient)).code;
    }

    function _word(bytes memory out, uint256 index) internal pure returns (uint256 word) {
        assembly ("memory-safe") {
            word := mload(add(out, add(32, mul(index, 32))))
        }
    }

    function test_read_balancesNoncesAndRecipientCode() public {
        address fresh = makeAddr("fresh");
        address[] memory accounts = new address[](3);
        (accounts[0], accounts[1], accounts[2]) = (alice, bob, fresh);
        vm.prank(alice);
        coin.transfer(bob, 5 ether);

        bytes memory out = _read(accounts, address(coin));
        assertEq(out.length, 32 + 3 * 64);
        assertEq(_word(out, 0), address(coin).code.length);
        assertEq(_word(out, 1), coin.balanceOf(alice));
        assertEq(_word(out, 2), forwarder.nonces(alice));
        assertEq(_word(out, 3), coin.balanceOf(bob));
        assertEq(_word(out, 5), 0);
        assertEq(_word(out, 6), 0);
    }

    function test_read_plainAccountHasNoCode_delegatedOneHas() public {
        address[] memory none = new address[](0);
        assertEq(_word(_read(none, carol), 0), 0);
        // EIP-7702: a delegated account's code is 0xef0100 ++ the delegate; it must count as a contract recipient.
        vm.etch(carol, abi.encodePacked(hex"ef0100", address(coin)));
        assertGt(_word(_read(none, carol), 0), 0);
    }

    function test_read_mostAccountsTheSigningPassTakes() public {
        address[] memory accounts = new address[](256);
        for (uint256 i = 0; i < accounts.length; ++i) accounts[i] = address(uint160(0x1000 + i));
        accounts[255] = alice;
        bytes memory out = _read(accounts, address(0));
        assertEq(out.length, 32 + 256 * 64);
        assertEq(_word(out, 1 + 2 * 255), coin.balanceOf(alice));
    }
}
