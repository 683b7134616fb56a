// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {RewardsPoolTestBase} from "./RewardsPoolTestBase.sol";
import {RewardsPoolHandler} from "./handlers/RewardsPoolHandler.sol";

/// Invariants of the rewards pool after random sequences of welcomes, invites, rule changes, funding, strangers'
/// attempts and days passing, checked against the pool's own books.
contract RewardsPoolInvariantTest is RewardsPoolTestBase {
    RewardsPoolHandler internal handler;
    uint256 internal startDay;

    function setUp() public override {
        super.setUp();
        vm.prank(address(timelock));
        coin.mint(address(timelock), 1_000_000 ether); // what governance funds the pool from
        address[] memory accounts = new address[](6);
        accounts[0] = alice;
        accounts[1] = bob;
        accounts[2] = carol;
        for (uint256 i = 3; i < accounts.length; ++i) {
            accounts[i] = address(uint160(0xA000 + i));
        }
        handler = new RewardsPoolHandler(rewards, coin, address(timelock), rewarder, accounts);
        startDay = block.timestamp / 1 days;
        targetContract(address(handler));
    }

    /// Every coin that left the pool was booked against a day's budget or withdrawn by governance.
    function invariant_outflowIsBookedSpendingPlusWithdrawals() external view {
        uint256 spent;
        for (uint256 day = startDay; day <= handler.lastDay(); ++day) {
            spent += rewards.spentOn(day);
        }
        assertEq(POOL_FUNDS + handler.funded() - coin.balanceOf(address(rewards)), spent + handler.withdrawn());
    }

    /// No payment ever left a day's spending above the budget in force.
    function invariant_budgetNeverExceeded() external view {
        assertEq(handler.overBudget(), 0);
    }

    /// Each account received at most one welcome reward, and the pool's book agrees with it.
    function invariant_oneWelcomePerAccount() external view {
        address[] memory accounts = handler.accounts();
        for (uint256 i = 0; i < accounts.length; ++i) {
            assertLe(handler.welcomes(accounts[i]), 1);
            assertEq(handler.welcomes(accounts[i]) == 1, rewards.welcomed(accounts[i]));
            assertLe(handler.invites(accounts[i]), 1);
        }
    }

    /// The rules are the last ones governance set: no stranger (the rewarder included) changed them or took coins.
    function invariant_onlyGovernanceChangesTheRules() external view {
        uint256[3] memory governed = handler.governedRules();
        assertEq(rewards.welcomeAmount(), governed[0]);
        assertEq(rewards.inviteAmount(), governed[1]);
        assertEq(rewards.dailyBudget(), governed[2]);
        assertEq(handler.strangersAccepted(), 0);
    }

    /// Every refusal the handler met was one the rules give.
    function invariant_handlerMetOnlyExpectedRefusals() external view {
        assertEq(handler.reverts(), 0);
    }
}
