// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Fixture} from "../utils/Fixture.sol";
import {ChatCoinHandler} from "./handlers/ChatCoinHandler.sol";

/// ChatCoin's books under random transfers, tips, delegations and mints.
contract ChatCoinInvariantTest is Fixture {
    ChatCoinHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory actors = new address[](5);
        actors[0] = alice;
        actors[1] = bob;
        actors[2] = carol;
        actors[3] = makeAddr("dave");
        actors[4] = makeAddr("erin");
        handler = new ChatCoinHandler(coin, address(timelock), actors);
        targetContract(address(handler));
    }

    /// The supply never exceeds the cap, even when the timelock asks for more.
    function invariant_totalSupplyNeverExceedsCap() public view {
        assertLe(coin.totalSupply(), coin.cap());
        assertEq(handler.mintsBeyondCapAccepted(), 0);
    }

    /// Every coin is held by one of the actors: their balances add up to the total supply.
    function invariant_actorBalancesSumToTotalSupply() public view {
        uint256 sum;
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            sum += coin.balanceOf(handler.actors(i));
        }
        assertEq(sum, coin.totalSupply());
    }

    /// The delegates' votes add up to the balances of the holders who delegated, never more than the supply.
    function invariant_delegatedVotesMatchDelegatedBalances() public view {
        uint256 votes;
        uint256 delegated;
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            address actor = handler.actors(i);
            votes += coin.getVotes(actor);
            if (coin.delegates(actor) != address(0)) delegated += coin.balanceOf(actor);
        }
        assertEq(votes, delegated);
        assertLe(votes, coin.totalSupply());
    }

    /// Each delegate's vote-seconds up to the start of the last clock move equal its votes times the seconds they
    /// were held, summed over every clock move (the ghost integral), however transfers and delegations interleaved.
    function invariant_voteSecondsEqualTheIntegralOfVotes() public view {
        uint256 from = handler.lastWarpFrom();
        if (from == 0) return; // the clock has not moved yet
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            address actor = handler.actors(i);
            assertEq(coin.getPastVoteSeconds(actor, from), handler.ghostVoteSecondsAtLastWarpFrom(actor));
        }
    }

    /// The handler's calls never revert unexpectedly (a revert would be a handler bug).
    function invariant_handlerNeverReverts() public view {
        assertEq(handler.reverts(), 0);
    }
}
