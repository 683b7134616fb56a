// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IRewardsPool} from "../../src/rewards/IRewardsPool.sol";
import {RewardsPoolTestBase} from "./RewardsPoolTestBase.sol";

/// The rewards pool's rules one by one: who may pay, once per account, the daily budget, an empty pool, and
/// parameters only governance sets.
contract RewardsPoolTest is RewardsPoolTestBase {
    address internal newcomer = makeAddr("newcomer");

    function test_payWelcome_paysTheWelcomeAmountOnce() public {
        vm.expectEmit(address(rewards));
        emit IRewardsPool.WelcomeRewardPaid(newcomer, WELCOME_REWARD);
        assertEq(_payWelcome(newcomer), WELCOME_REWARD);

        assertEq(coin.balanceOf(newcomer), WELCOME_REWARD);
        assertEq(rewards.balance(), POOL_FUNDS - WELCOME_REWARD);
        assertTrue(rewards.welcomed(newcomer));
        assertEq(rewards.spentOn(block.timestamp / 1 days), WELCOME_REWARD);
        assertEq(rewards.remainingToday(), DAILY_BUDGET - WELCOME_REWARD);
    }

    function test_payWelcome_RevertWhen_AlreadyWelcomed() public {
        _payWelcome(newcomer);
        skip(2 days); // a new day's budget does not make a second welcome
        vm.expectRevert(abi.encodeWithSelector(IRewardsPool.RewardsPoolAlreadyWelcomed.selector, newcomer));
        _payWelcome(newcomer);
    }

    function test_payWelcome_RevertWhen_CallerIsNotTheRewarder() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, newcomer, rewards.REWARDER_ROLE()
            )
        );
        vm.prank(newcomer);
        rewards.payWelcome(newcomer);
    }

    function test_payWelcome_RevertWhen_ZeroAccount() public {
        vm.expectRevert(IRewardsPool.RewardsPoolZeroAccount.selector);
        _payWelcome(address(0));
    }

    function test_payWelcome_RevertWhen_DailyBudgetSpent() public {
        uint256 day = block.timestamp / 1 days;
        uint256 perDay = DAILY_BUDGET / WELCOME_REWARD;
        for (uint256 i = 0; i < perDay; ++i) {
            _payWelcome(address(uint160(0x1000 + i)));
        }
        vm.expectRevert(
            abi.encodeWithSelector(
                IRewardsPool.RewardsPoolDailyBudgetExceeded.selector, day, DAILY_BUDGET, WELCOME_REWARD, DAILY_BUDGET
            )
        );
        _payWelcome(newcomer);

        // The next UTC day brings a new budget.
        vm.warp((day + 1) * 1 days);
        assertEq(_payWelcome(newcomer), WELCOME_REWARD);
    }

    function test_payWelcome_RevertWhen_PoolEmpty() public {
        vm.prank(address(timelock));
        rewards.withdraw(address(timelock), POOL_FUNDS - 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IRewardsPool.RewardsPoolEmpty.selector, 1 ether, WELCOME_REWARD));
        _payWelcome(newcomer);
        assertFalse(rewards.welcomed(newcomer), "an unpaid welcome stays owed");
    }

    function test_payWelcome_RevertWhen_RewardOff() public {
        vm.prank(address(timelock));
        rewards.setRules(0, INVITE_REWARD, DAILY_BUDGET);
        vm.expectRevert(IRewardsPool.RewardsPoolRewardOff.selector);
        _payWelcome(newcomer);
    }

    function test_payInvite_paysBothSidesOncePerInvitee() public {
        vm.expectEmit(address(rewards));
        emit IRewardsPool.InviteRewardPaid(alice, newcomer, INVITE_REWARD);
        assertEq(_payInvite(alice, newcomer), INVITE_REWARD);
        assertEq(coin.balanceOf(alice), INITIAL_BALANCE + INVITE_REWARD);
        assertEq(coin.balanceOf(newcomer), INVITE_REWARD);
        assertEq(rewards.spentOn(block.timestamp / 1 days), 2 * INVITE_REWARD);
        assertTrue(rewards.invited(newcomer));

        vm.expectRevert(abi.encodeWithSelector(IRewardsPool.RewardsPoolAlreadyInvited.selector, newcomer));
        _payInvite(bob, newcomer); // another inviter cannot claim the same invitee
    }

    function test_payInvite_RevertWhen_SelfInvite() public {
        vm.expectRevert(abi.encodeWithSelector(IRewardsPool.RewardsPoolInvalidInvite.selector, alice, alice));
        _payInvite(alice, alice);
    }

    function test_payInvite_RevertWhen_BothHalvesPassTheBudget() public {
        vm.prank(address(timelock));
        rewards.setRules(WELCOME_REWARD, INVITE_REWARD, 99 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IRewardsPool.RewardsPoolDailyBudgetExceeded.selector,
                block.timestamp / 1 days,
                0,
                2 * INVITE_REWARD,
                99 ether
            )
        );
        _payInvite(alice, newcomer);
    }

    function test_setRules_byGovernance() public {
        vm.expectEmit(address(rewards));
        emit IRewardsPool.RulesChanged(250 ether, 10 ether, 1_000 ether);
        vm.prank(address(timelock));
        rewards.setRules(250 ether, 10 ether, 1_000 ether);
        assertEq(rewards.welcomeAmount(), 250 ether);
        assertEq(rewards.inviteAmount(), 10 ether);
        assertEq(rewards.dailyBudget(), 1_000 ether);
        assertEq(_payWelcome(newcomer), 250 ether);
    }

    function test_setRules_RevertWhen_NotGovernance() public {
        address[3] memory callers = [rewarder, deployer, alice];
        for (uint256 i = 0; i < callers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IAccessControl.AccessControlUnauthorizedAccount.selector, callers[i], bytes32(0)
                )
            );
            vm.prank(callers[i]);
            rewards.setRules(1 ether, 1 ether, 1 ether);
        }
    }

    function test_withdraw_RevertWhen_NotGovernance() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, rewarder, bytes32(0))
        );
        vm.prank(rewarder);
        rewards.withdraw(rewarder, 1 ether);
    }

    function test_grantRole_RevertWhen_RewarderGrantsAnother() public {
        bytes32 role = rewards.REWARDER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, rewarder, bytes32(0))
        );
        vm.prank(rewarder);
        rewards.grantRole(role, alice);
    }

    /// The rewarder may also sign a request the service's relayer sends through the trusted forwarder.
    function test_payWelcome_relayedForTheRewarder() public {
        (address keeper, uint256 keeperPk) = makeAddrAndKey("keeper");
        bytes32 role = rewards.REWARDER_ROLE();
        vm.prank(address(timelock));
        rewards.grantRole(role, keeper);
        vm.prank(relayer);
        forwarder.execute(_signForwardRequest(keeperPk, address(rewards), abi.encodeCall(rewards.payWelcome, (newcomer))));
        assertEq(coin.balanceOf(newcomer), WELCOME_REWARD);
    }

    function test_payWelcome_gas() public {
        _payWelcome(newcomer);
        vm.snapshotGasLastCall("payWelcome");
    }

    function test_payInvite_gas() public {
        _payInvite(alice, newcomer);
        vm.snapshotGasLastCall("payInvite");
    }

    // ---------------------------------------------------------------- fuzz

    /// Whatever the rules and the sequence of welcomes on one day, what was paid never passes the budget, and
    /// every welcome either paid the amount or was refused for the budget.
    function testFuzz_payWelcome_neverPassesTheDailyBudget(uint256 welcome, uint256 budget, uint8 count) public {
        welcome = bound(welcome, 1, 1_000 ether);
        budget = bound(budget, 0, 20_000 ether);
        vm.prank(address(timelock));
        rewards.setRules(uint128(welcome), INVITE_REWARD, budget);
        uint256 paid;
        for (uint256 i = 0; i < count; ++i) {
            address account = address(uint160(0x1000 + i));
            vm.prank(rewarder);
            try rewards.payWelcome(account) returns (uint256 amount) {
                paid += amount;
            } catch (bytes memory reason) {
                assertEq(bytes4(reason), IRewardsPool.RewardsPoolDailyBudgetExceeded.selector);
            }
        }
        assertLe(paid, budget);
        assertEq(paid, (budget / welcome < count ? budget / welcome : count) * welcome);
        assertEq(rewards.spentOn(block.timestamp / 1 days), paid);
    }

    /// Only the timelock changes the rules, whoever else tries.
    function testFuzz_setRules_onlyGovernance(address caller, uint128 welcome) public {
        // The timelock may; the forwarder speaks for the signer it appends, tested in the relayed case above.
        if (caller == address(timelock) || caller == address(forwarder)) caller = alice;
        uint256 before = rewards.welcomeAmount();
        vm.prank(caller);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, bytes32(0))
        );
        rewards.setRules(welcome, 1, 1);
        assertEq(rewards.welcomeAmount(), before);
    }
}
