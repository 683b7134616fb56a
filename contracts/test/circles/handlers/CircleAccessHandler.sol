// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ICircleAccess} from "../../../src/circles/ICircleAccess.sol";

/// Drives CircleAccess the way owners, members and governance do: bounded registrations, payments and renewals,
/// payments with a price the owner has since changed, price and payout changes, closings, settlements in batches,
/// treasury rate changes and the passing of time. Every call it makes must succeed, except a payment with stale
/// terms, which must fail with CircleTermsChanged; anything else counts in `reverts`.
/// Ghosts: what members paid in and got refunded (measured on ChatCoin's balances), the highest expiry seen per
/// membership, and a model of every period bought (its price) per membership, in the order bought.
contract CircleAccessHandler is CommonBase, StdUtils {
    uint256 internal constant MAX_CIRCLES = 8;
    uint48 internal constant ONE_OFF = type(uint48).max;

    ICircleAccess public immutable circles;
    IERC20 public immutable coin;
    address public immutable governance;

    address[] internal _owners;
    address[] internal _members;
    address[] internal _payouts;

    uint256 public reverts;
    uint256 public paidIn;
    uint256 public refunded;
    uint256 public staleTermsRefused;
    uint256 public payments;
    uint256 public refunds;
    mapping(uint256 circleId => mapping(address member => uint64)) public highestExpiry;
    mapping(uint256 circleId => mapping(address member => uint256[])) internal _pricesBought;

    constructor(
        ICircleAccess circles_,
        IERC20 coin_,
        address governance_,
        address[] memory owners_,
        address[] memory members_,
        address[] memory payouts_
    ) {
        circles = circles_;
        coin = coin_;
        governance = governance_;
        _owners = owners_;
        _members = members_;
        _payouts = payouts_;
    }

    function members() external view returns (address[] memory) {
        return _members;
    }

    function payouts() external view returns (address[] memory) {
        return _payouts;
    }

    /// The price paid for the last `count` periods `member` bought in `circleId`.
    function lastBoughtValue(uint256 circleId, address member, uint256 count) external view returns (uint256 value) {
        uint256[] storage prices = _pricesBought[circleId][member];
        for (uint256 i = prices.length - count; i < prices.length; ++i) {
            value += prices[i];
        }
    }

    function registerCircle(uint256 ownerSeed, uint256 payoutSeed, uint96 price, uint256 periodSeed) external {
        if (circles.circleCount() >= MAX_CIRCLES) return;
        uint48 period = periodSeed % 4 == 0 ? ONE_OFF : uint48(_bound(periodSeed, 1 hours, 30 days));
        price = uint96(_bound(price, 1, 100 ether));
        vm.prank(_owners[ownerSeed % _owners.length]);
        try circles.registerCircle(_payouts[payoutSeed % _payouts.length], price, period, bytes32(periodSeed)) {}
        catch {
            reverts++;
        }
    }

    function pay(uint256 circleSeed, uint256 memberSeed, uint64 periods) external {
        (bool found, uint256 id, ICircleAccess.Circle memory c) = _openCircle(circleSeed);
        if (!found) return;
        address member = _members[memberSeed % _members.length];
        if (c.period == ONE_OFF) {
            if (circles.expiryOf(id, member) > block.timestamp) return; // paid once already
            periods = 1;
        } else {
            periods = uint64(_bound(periods, 1, 4));
        }
        uint256 balanceBefore = coin.balanceOf(member);
        vm.prank(member);
        try circles.pay(id, periods, c.price) returns (uint64 expiry) {
            paidIn += balanceBefore - coin.balanceOf(member);
            payments++;
            for (uint256 i = 0; i < periods; ++i) {
                _pricesBought[id][member].push(c.price);
            }
            if (expiry > highestExpiry[id][member]) highestExpiry[id][member] = expiry;
        } catch {
            reverts++;
        }
    }

    /// A member confirms a price the owner has just changed: refused, nothing charged.
    function payStale(uint256 circleSeed, uint256 memberSeed, uint96 newPrice) external {
        (bool found, uint256 id, ICircleAccess.Circle memory c) = _openCircle(circleSeed);
        if (!found) return;
        newPrice = uint96(_bound(newPrice, 1, 100 ether));
        if (newPrice == c.price) return;
        vm.prank(c.owner);
        circles.setPrice(id, newPrice);
        address member = _members[memberSeed % _members.length];
        vm.prank(member);
        try circles.pay(id, 1, c.price) {
            reverts++;
        } catch (bytes memory reason) {
            bytes memory expected =
                abi.encodeWithSelector(ICircleAccess.CircleTermsChanged.selector, id, c.price, newPrice);
            if (keccak256(reason) == keccak256(expected)) staleTermsRefused++;
            else reverts++;
        }
    }

    function setPrice(uint256 circleSeed, uint96 price) external {
        (bool found, uint256 id, ICircleAccess.Circle memory c) = _openCircle(circleSeed);
        if (!found) return;
        vm.prank(c.owner);
        try circles.setPrice(id, uint96(_bound(price, 1, 100 ether))) {}
        catch {
            reverts++;
        }
    }

    function setPayout(uint256 circleSeed, uint256 payoutSeed) external {
        uint256 count = circles.circleCount();
        if (count == 0) return;
        uint256 id = 1 + circleSeed % count;
        vm.prank(circles.circle(id).owner);
        try circles.setPayout(id, _payouts[payoutSeed % _payouts.length]) {}
        catch {
            reverts++;
        }
    }

    function close(uint256 circleSeed) external {
        (bool found, uint256 id, ICircleAccess.Circle memory c) = _openCircle(circleSeed);
        if (!found) return;
        vm.prank(c.owner);
        try circles.close(id) {}
        catch {
            reverts++;
        }
    }

    /// Anyone settles a batch: the members picked by `mask`.
    function settle(uint256 circleSeed, uint256 mask, address caller) external {
        uint256 count = circles.circleCount();
        if (count == 0) return;
        uint256 id = 1 + circleSeed % count;
        uint256 n;
        for (uint256 i = 0; i < _members.length; ++i) {
            if ((mask >> i) & 1 == 1) n++;
        }
        address[] memory batch = new address[](n);
        uint256[] memory before = new uint256[](_members.length);
        n = 0;
        for (uint256 i = 0; i < _members.length; ++i) {
            if ((mask >> i) & 1 == 1) batch[n++] = _members[i];
            before[i] = coin.balanceOf(_members[i]);
        }
        vm.prank(caller);
        try circles.settle(id, batch) returns (uint256, uint256 refundedNow) {
            uint256 received;
            for (uint256 i = 0; i < _members.length; ++i) {
                received += coin.balanceOf(_members[i]) - before[i];
            }
            refunded += received;
            if (received != 0) refunds++;
            if (received != refundedNow) reverts++; // the return value lies about the refunds
        } catch {
            reverts++;
        }
    }

    function setTreasuryRate(uint16 rate) external {
        vm.prank(governance);
        try circles.setTreasuryRate(uint16(_bound(rate, 0, 3_000))) {}
        catch {
            reverts++;
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1, 20 days));
    }

    function _openCircle(uint256 circleSeed)
        internal
        view
        returns (bool found, uint256 id, ICircleAccess.Circle memory c)
    {
        uint256 count = circles.circleCount();
        for (uint256 k = 0; k < count; ++k) {
            id = 1 + (circleSeed % count + k) % count;
            c = circles.circle(id);
            if (c.closedAt == 0) return (true, id, c);
        }
        return (false, 0, c);
    }
}
