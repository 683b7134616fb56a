// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Fixture} from "../utils/Fixture.sol";

/// The Fixture with the rewards pool funded the way governance funds it: the timelock mints into it.
abstract contract RewardsPoolTestBase is Fixture {
    uint256 internal constant POOL_FUNDS = 100_000 ether;

    function setUp() public virtual override {
        super.setUp();
        vm.prank(address(timelock));
        coin.mint(address(rewards), POOL_FUNDS);
    }

    function _payWelcome(address account) internal returns (uint256) {
        vm.prank(rewarder);
        return rewards.payWelcome(account);
    }

    function _payInvite(address inviter, address invitee) internal returns (uint256) {
        vm.prank(rewarder);
        return rewards.payInvite(inviter, invitee);
    }
}
