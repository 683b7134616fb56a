// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// An ERC-20 that calls back into a target on every transfer, to prove the reentrancy guard holds.
contract ReentrantToken is ERC20 {
    address private _target;
    bytes private _callback;

    constructor() ERC20("Reentrant Token", "REE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setCallback(address target, bytes calldata callback) external {
        _target = target;
        _callback = callback;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (_target == address(0)) return;
        Address.functionCall(_target, _callback); // bubbles the callee's revert
    }
}
