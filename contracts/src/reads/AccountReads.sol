// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

interface IForwarderNonces {
    function nonces(address owner) external view returns (uint256);
}

/// @title AccountReads
/// @notice Never deployed: the service runs this creation code in an `eth_call` without `to`, and the constructor returns
/// what the wallet needs before it accepts or signs a transfer, read in one EVM execution, so at one state of the chain:
/// for every account its ChatCoin balance and its ERC2771Forwarder nonce, and the code size of a recipient. One RPC
/// instead of `eth_blockNumber`, `balanceOf`, `nonces` and `eth_getCode` per POST, or two calls per row of a signing pass.
/// @dev Returned bytes: `recipient.code.length`, then `balanceOf(account), nonces(account)` for each account, 32-byte words.
/// The code size comes first so the returned "code" never starts with 0xEF (EIP-3541 would refuse it); 383 accounts at
/// most fit the EIP-170 code size limit. An EIP-7702 delegated account has code (its 23-byte delegation designator, of
/// which EXTCODESIZE sees 2 bytes): it counts as a contract, as `eth_getCode` does. Holds nothing, changes nothing.
contract AccountReads {
    constructor(IERC20 coin, IForwarderNonces forwarder, address[] memory accounts, address recipient) {
        bytes memory out = new bytes(32 + 64 * accounts.length);
        uint256 size = recipient.code.length;
        assembly ("memory-safe") {
            mstore(add(out, 32), size)
        }
        for (uint256 i = 0; i < accounts.length; ++i) {
            uint256 held = coin.balanceOf(accounts[i]);
            uint256 nonce = forwarder.nonces(accounts[i]);
            assembly ("memory-safe") {
                let at := add(out, add(64, mul(i, 64)))
                mstore(at, held)
                mstore(add(at, 32), nonce)
            }
        }
        assembly ("memory-safe") {
            return(add(out, 32), mload(out))
        }
    }
}
