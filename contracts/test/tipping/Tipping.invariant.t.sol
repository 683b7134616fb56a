// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Fixture} from "../utils/Fixture.sol";
import {TippingHandler} from "./handlers/TippingHandler.sol";

/// Tipping's effect on ChatCoin's books under random direct, permit and relayed tips.
contract TippingInvariantTest is Fixture {
    TippingHandler internal handler;
    address[] internal actors;
    mapping(address actor => uint256 balance) internal initialBalance;

    function setUp() public override {
        super.setUp();
        (address dave, uint256 davePk) = makeAddrAndKey("dave"); // starts without coins
        actors = [alice, bob, carol, dave];
        uint256[] memory keys = new uint256[](4);
        keys[0] = alicePk;
        keys[1] = bobPk;
        keys[2] = carolPk;
        keys[3] = davePk;
        for (uint256 i = 0; i < actors.length; ++i) {
            initialBalance[actors[i]] = coin.balanceOf(actors[i]);
        }
        handler = new TippingHandler(tipping, coin, forwarder, actors, keys);
        targetContract(address(handler));
    }

    /// Tipping never holds coins or ether: every tip goes straight from the tipper to the author.
    function invariant_holdsNoFunds() public view {
        assertEq(coin.balanceOf(address(tipping)), 0);
        assertEq(address(tipping).balance, 0);
    }

    /// Each actor's balance moved by exactly the tips they received minus the tips they paid, per ChatCoin's books.
    function invariant_balanceChangeEqualsTipsReceivedMinusPaid() public view {
        for (uint256 i = 0; i < actors.length; ++i) {
            address actor = actors[i];
            assertEq(
                coin.balanceOf(actor) + handler.tippedBy(actor),
                initialBalance[actor] + handler.tippedTo(actor),
                "balance != initial + received - paid"
            );
        }
        assertEq(coin.totalSupply(), 3 * INITIAL_BALANCE);
    }

    /// The handler's tips never revert (a revert would be a handler bug).
    function invariant_handlerNeverReverts() public view {
        assertEq(handler.reverts(), 0);
    }
}
