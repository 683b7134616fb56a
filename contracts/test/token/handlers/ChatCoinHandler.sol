// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ChatCoin} from "../../../src/token/ChatCoin.sol";

/// Drives ChatCoin with bounded transfers, allowance spends, tips, delegations, mints (inside and beyond the
/// cap) and clock moves from a fixed set of actors. Every call is made inside `try`; an unexpected revert is a
/// handler bug and is counted in `reverts`.
contract ChatCoinHandler is CommonBase, StdCheats, StdUtils {
    ChatCoin public immutable coin;
    address public immutable timelock;
    address[] public actors;

    uint256 public reverts;
    uint256 public calls;
    uint256 public mintsBeyondCapAccepted; // a mint beyond the cap that did not revert

    /// Ghost vote-seconds: each actor's votes times the seconds of each warp, summed, up to `lastWarpFrom` (the
    /// instant the last warp started, which is in the past once it ended). Votes only change between warps.
    mapping(address actor => uint256 voteSeconds) public ghostVoteSecondsAtLastWarpFrom;
    mapping(address actor => uint256 voteSeconds) private _ghostNow;
    uint256 public lastWarpFrom;

    constructor(ChatCoin coin_, address timelock_, address[] memory actors_) {
        coin = coin_;
        timelock = timelock_;
        actors = actors_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    /// What may still be minted (zero, not an underflow, should a bug have pushed the supply past the cap).
    function _headroom() private view returns (uint256) {
        uint256 supply = coin.totalSupply();
        return supply >= coin.cap() ? 0 : coin.cap() - supply;
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % actors.length];
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        amount = _bound(amount, 0, coin.balanceOf(from));
        ++calls;
        vm.prank(from);
        try coin.transfer(to, amount) {}
        catch {
            ++reverts;
        }
    }

    function approveAndTransferFrom(uint256 ownerSeed, uint256 spenderSeed, uint256 toSeed, uint256 amount) external {
        address owner = _actor(ownerSeed);
        address spender = _actor(spenderSeed);
        address to = _actor(toSeed);
        amount = _bound(amount, 0, coin.balanceOf(owner));
        ++calls;
        vm.prank(owner);
        try coin.approve(spender, amount) {}
        catch {
            ++reverts;
        }
        vm.prank(spender);
        try coin.transferFrom(owner, to, amount) {}
        catch {
            ++reverts;
        }
    }

    function tip(uint256 tipperSeed, uint256 authorOffset, uint256 amount, bytes32 messageRef) external {
        uint256 i = tipperSeed % actors.length;
        address tipper = actors[i];
        address author = actors[(i + 1 + authorOffset % (actors.length - 1)) % actors.length]; // never the tipper
        uint256 balance = coin.balanceOf(tipper);
        if (balance == 0) return;
        amount = _bound(amount, 1, balance);
        ++calls;
        vm.prank(tipper);
        try coin.tip(author, amount, messageRef) {}
        catch {
            ++reverts;
        }
    }

    function delegate(uint256 holderSeed, uint256 delegateeSeed, bool toNobody) external {
        address holder = _actor(holderSeed);
        address delegatee = toNobody ? address(0) : _actor(delegateeSeed);
        ++calls;
        vm.prank(holder);
        try coin.delegate(delegatee) {}
        catch {
            ++reverts;
        }
    }

    function mint(uint256 toSeed, uint256 amount) external {
        address to = _actor(toSeed);
        amount = _bound(amount, 0, _headroom());
        ++calls;
        vm.prank(timelock);
        try coin.mint(to, amount) {}
        catch {
            ++reverts;
        }
    }

    function mintBeyondCap(uint256 toSeed, uint256 excess) external {
        address to = _actor(toSeed);
        uint256 supply = coin.totalSupply();
        uint256 amount = _headroom() + _bound(excess, 1, 1e30);
        ++calls;
        vm.prank(timelock);
        try coin.mint(to, amount) {
            ++mintsBeyondCapAccepted; // the invariant on the cap reports it
        } catch (bytes memory revertData) {
            bytes memory expected =
                abi.encodeWithSelector(ERC20Capped.ERC20ExceededCap.selector, supply + amount, coin.cap());
            if (keccak256(revertData) != keccak256(expected)) ++reverts;
        }
    }

    function warp(uint256 seconds_) external {
        uint256 step = _bound(seconds_, 1, 7 days);
        lastWarpFrom = block.timestamp;
        for (uint256 i = 0; i < actors.length; ++i) {
            address a = actors[i];
            ghostVoteSecondsAtLastWarpFrom[a] = _ghostNow[a];
            _ghostNow[a] += coin.getVotes(a) * step;
        }
        vm.warp(block.timestamp + step);
    }
}
