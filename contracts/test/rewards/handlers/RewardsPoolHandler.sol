// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IRewardsPool} from "../../../src/rewards/IRewardsPool.sol";

/// Drives RewardsPool as the service and governance do: welcomes and invites from a small set of accounts (so
/// repeats happen), governance changing the rules and funding the pool, strangers trying to change the rules or take
/// coins, and the passing of days. A refusal is expected only for the reasons the rules give (already welcomed or
/// invited, budget, empty pool, reward off, a stranger's call); anything else counts in `reverts`, which must stay 0.
contract RewardsPoolHandler is CommonBase, StdUtils {
    IRewardsPool internal immutable _pool;
    IERC20 internal immutable _coin;
    address internal immutable _governance;
    address internal immutable _rewarder;
    address[] internal _accounts;

    uint256 public reverts;
    uint256 public strangersAccepted; // a stranger's setRules or withdraw that went through
    uint256 public overBudget; // a payment after which the day's spending passed the budget
    uint256 public withdrawn;
    uint256 public funded;
    uint256 public lastDay;
    mapping(address account => uint256) public welcomes;
    mapping(address invitee => uint256) public invites;
    mapping(bytes32 call => uint256) public succeeded;
    uint256[3] internal _governed; // the rules governance last set: welcome, invite, daily budget

    constructor(IRewardsPool pool, IERC20 coin, address governance, address rewarder, address[] memory accounts_) {
        _pool = pool;
        _coin = coin;
        _governance = governance;
        _rewarder = rewarder;
        _accounts = accounts_;
        _governed = [pool.welcomeAmount(), pool.inviteAmount(), pool.dailyBudget()];
    }

    function governedRules() external view returns (uint256[3] memory) {
        return _governed;
    }

    function accounts() external view returns (address[] memory) {
        return _accounts;
    }

    function welcome(uint256 seed) external {
        address account = _accounts[seed % _accounts.length];
        vm.prank(_rewarder);
        try _pool.payWelcome(account) {
            welcomes[account]++;
            succeeded["welcome"]++;
            _checkBudget();
        } catch (bytes memory reason) {
            _expect(reason, IRewardsPool.RewardsPoolAlreadyWelcomed.selector);
        }
    }

    function invite(uint256 inviterSeed, uint256 inviteeSeed) external {
        address inviter = _accounts[inviterSeed % _accounts.length];
        address invitee = _accounts[inviteeSeed % _accounts.length];
        vm.prank(_rewarder);
        try _pool.payInvite(inviter, invitee) {
            invites[invitee]++;
            succeeded["invite"]++;
            _checkBudget();
        } catch (bytes memory reason) {
            if (inviter == invitee) _expectExactly(reason, IRewardsPool.RewardsPoolInvalidInvite.selector);
            else _expect(reason, IRewardsPool.RewardsPoolAlreadyInvited.selector);
        }
    }

    function setRules(uint256 welcome_, uint256 invite_, uint256 budget) external {
        welcome_ = _bound(welcome_, 0, 500 ether);
        invite_ = _bound(invite_, 0, 500 ether);
        budget = _bound(budget, 0, 5_000 ether);
        vm.prank(_governance);
        _pool.setRules(uint128(welcome_), uint128(invite_), budget);
        _governed = [welcome_, invite_, budget];
        succeeded["setRules"]++;
    }

    function fund(uint256 amount) external {
        amount = _bound(amount, 0, 2_000 ether);
        vm.prank(_governance);
        _coin.transfer(address(_pool), amount);
        funded += amount;
    }

    function strangerSetsRules(uint256 seed, uint256 welcome_) external {
        address stranger = seed % 2 == 0 ? _rewarder : _accounts[seed % _accounts.length];
        vm.prank(stranger);
        try _pool.setRules(uint128(welcome_), 1, type(uint256).max) {
            strangersAccepted++;
        } catch (bytes memory reason) {
            _expectExactly(reason, IAccessControl.AccessControlUnauthorizedAccount.selector);
        }
    }

    function strangerWithdraws(uint256 seed, uint256 amount) external {
        address stranger = seed % 2 == 0 ? _rewarder : _accounts[seed % _accounts.length];
        vm.prank(stranger);
        try _pool.withdraw(stranger, _bound(amount, 0, 1_000 ether)) {
            strangersAccepted++;
        } catch (bytes memory reason) {
            _expectExactly(reason, IAccessControl.AccessControlUnauthorizedAccount.selector);
        }
    }

    function governanceWithdraws(uint256 amount) external {
        amount = _bound(amount, 0, _pool.balance());
        vm.prank(_governance);
        _pool.withdraw(_governance, amount);
        withdrawn += amount;
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1, 2 days));
        lastDay = block.timestamp / 1 days;
    }

    function _checkBudget() private {
        if (_pool.spentOn(block.timestamp / 1 days) > _pool.dailyBudget()) overBudget++;
        lastDay = block.timestamp / 1 days;
    }

    /// A payment may be refused for its own rule (`expected`) or for the shared ones: budget, empty pool, reward off.
    function _expect(bytes memory reason, bytes4 expected) private {
        bytes4 selector = bytes4(reason);
        if (
            selector != expected && selector != IRewardsPool.RewardsPoolDailyBudgetExceeded.selector
                && selector != IRewardsPool.RewardsPoolEmpty.selector && selector != IRewardsPool.RewardsPoolRewardOff.selector
        ) reverts++;
    }

    function _expectExactly(bytes memory reason, bytes4 expected) private {
        if (bytes4(reason) != expected) reverts++;
    }
}
